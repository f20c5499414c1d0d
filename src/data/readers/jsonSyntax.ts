// Where a JSON text first goes wrong. JSON.parse only sometimes says (V8 leaves the position out of many of
// its messages), and a user fixing a 50 MB annotation file needs the line and column.

export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

class SyntaxFound extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

class Scanner {
  position = 0;

  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new SyntaxFound(
      this.position,
      this.position >= this.text.length ? 'the file ends too early' : message,
    );
  }

  peek(): string {
    return this.text.charAt(this.position);
  }

  skipWhitespace(): void {
    while (WHITESPACE.has(this.peek())) this.position++;
  }

  expect(char: string, message: string): void {
    this.skipWhitespace();
    if (this.peek() !== char) this.fail(message);
    this.position++;
  }

  value(): void {
    this.skipWhitespace();
    const char = this.peek();
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.string();
    else if (char === '-' || (char >= '0' && char <= '9')) this.number();
    else if (!['true', 'false', 'null'].some((word) => this.literal(word))) {
      this.fail(`unexpected ${JSON.stringify(char)}`);
    }
  }

  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.position)) return false;
    this.position += word.length;
    return true;
  }

  number(): void {
    NUMBER.lastIndex = this.position;
    if (!NUMBER.test(this.text)) this.fail('invalid number');
    this.position = NUMBER.lastIndex;
  }

  string(): void {
    this.position++;
    for (;;) {
      const char = this.peek();
      if (char === '' || char === '\n') this.fail('unterminated string');
      if (char < ' ') this.fail('control character in a string');
      this.position++;
      if (char === '"') return;
      if (char !== '\\') continue;
      const escape = this.peek();
      if (escape === 'u') {
        HEX4.lastIndex = this.position + 1;
        if (!HEX4.test(this.text)) this.fail('invalid \\u escape');
        this.position += 5;
      } else if (ESCAPES.has(escape)) {
        this.position++;
      } else {
        this.fail(`invalid escape \\${escape}`);
      }
    }
  }

  object(): void {
    this.position++;
    this.skipWhitespace();
    if (this.peek() === '}') {
      this.position++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.peek() !== '"') this.fail('expected a property name in double quotes');
      this.string();
      this.expect(':', "expected ':' after the property name");
      this.value();
      this.skipWhitespace();
      const next = this.peek();
      this.position++;
      if (next === '}') return;
      if (next !== ',') {
        this.position--;
        this.fail("expected ',' or '}'");
      }
    }
  }

  array(): void {
    this.position++;
    this.skipWhitespace();
    if (this.peek() === ']') {
      this.position++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      const next = this.peek();
      this.position++;
      if (next === ']') return;
      if (next !== ',') {
        this.position--;
        this.fail("expected ',' or ']'");
      }
    }
  }
}

/** The first syntax error of a text that JSON.parse rejected, or undefined if it finds none. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  try {
    // A byte-order mark is not JSON, but editors write it and JSON.parse rejects it; say so.
    if (text.startsWith('\uFEFF')) scanner.fail('the file starts with a byte-order mark');
    scanner.value();
    scanner.skipWhitespace();
    if (scanner.position < text.length) scanner.fail('unexpected text after the end of the JSON value');
  } catch (error) {
    if (error instanceof SyntaxFound) return { offset: error.offset, message: error.message };
    throw error;
  }
  return undefined;
}
