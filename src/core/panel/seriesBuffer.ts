// The points of one chart series, kept in typed arrays that double when full: a live run appends a point
// per step for hours, and the chart reads the arrays as they are (subarray views, no copies), so appending
// is amortised O(1) and handing the data to the chart is O(1).

const INITIAL_CAPACITY = 256;

export class SeriesBuffer {
  private xs = new Float64Array(INITIAL_CAPACITY);
  private ys = new Float64Array(INITIAL_CAPACITY);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** The x values so far: a view, valid until the next append. */
  get x(): Float64Array {
    return this.xs.subarray(0, this.count);
  }

  get y(): Float64Array {
    return this.ys.subarray(0, this.count);
  }

  /** The last value, or undefined while empty. */
  get lastValue(): number | undefined {
    return this.count === 0 ? undefined : this.ys[this.count - 1];
  }

  get lastX(): number | undefined {
    return this.count === 0 ? undefined : this.xs[this.count - 1];
  }

  /**
   * Adds a point. Charts need x in ascending order: a point at the last x replaces its value, and one
   * before it is dropped (returns false), since history only changes with a reset, which starts a new buffer.
   */
  append(x: number, y: number): boolean {
    const last = this.lastX;
    if (last !== undefined && x < last) return false;
    if (last === x) {
      this.ys[this.count - 1] = y;
      return true;
    }
    if (this.count === this.xs.length) this.grow();
    this.xs[this.count] = x;
    this.ys[this.count] = y;
    this.count += 1;
    return true;
  }

  private grow(): void {
    const xs = new Float64Array(this.xs.length * 2);
    const ys = new Float64Array(this.ys.length * 2);
    xs.set(this.xs);
    ys.set(this.ys);
    this.xs = xs;
    this.ys = ys;
  }
}
