// Throughput and time-left estimates for the progress events.

/** Steps the rate is averaged over: smooth enough to read, recent enough to follow a change of speed. */
const WINDOW_STEPS = 20;
/** Before the first validation is timed, an image is assumed to validate this much faster than it trains. */
const INFERENCE_SPEEDUP = 3;

export class ProgressClock {
  private readonly window: { images: number; seconds: number }[] = [];
  private lastMark: number;
  private validationSeconds: number | undefined;

  constructor(
    private readonly valSize: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastMark = now();
  }

  /** Restarts the step timer, so time spent outside steps (validation, saving) is not counted as a step. */
  restart(): void {
    this.lastMark = this.now();
  }

  stepDone(images: number): void {
    const now = this.now();
    this.window.push({ images, seconds: (now - this.lastMark) / 1000 });
    if (this.window.length > WINDOW_STEPS) this.window.shift();
    this.lastMark = now;
  }

  validationDone(seconds: number): void {
    this.validationSeconds = seconds;
  }

  get imagesPerSecond(): number {
    const images = this.window.reduce((sum, step) => sum + step.images, 0);
    const seconds = this.window.reduce((sum, step) => sum + step.seconds, 0);
    return seconds > 0 ? images / seconds : 0;
  }

  private get secondsPerStep(): number {
    return this.window.length === 0
      ? 0
      : this.window.reduce((sum, step) => sum + step.seconds, 0) / this.window.length;
  }

  /** Time left for the given steps and validations, at the current pace. */
  etaSeconds(remainingSteps: number, remainingValidations: number): number {
    const rate = this.imagesPerSecond;
    const perValidation =
      this.validationSeconds ?? (rate > 0 ? this.valSize / (rate * INFERENCE_SPEEDUP) : 0);
    return remainingSteps * this.secondsPerStep + remainingValidations * perValidation;
  }
}
