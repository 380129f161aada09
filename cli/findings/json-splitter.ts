/**
 * Splits a byte stream of findings JSON into one text per finding without holding the whole
 * document: memory is bounded by the largest single finding, not by the number of findings.
 *
 * Accepted shapes, which may follow one another in one stream:
 * - the object `aws securityhub get-findings` prints, `{"Findings": [ ... ], "NextToken": ...}`:
 *   each element of the top-level `Findings` array is one finding;
 * - JSON Lines (or any concatenation) of ASFF finding objects: each top-level object is one finding;
 * - a top-level array of finding objects.
 *
 * The splitter only tracks structure (brackets, strings, the top-level keys); each finding's own
 * text is checked by JSON.parse afterwards. Working on bytes is safe for UTF-8 because every byte
 * of a multi-byte character is >= 0x80 and so never looks like JSON punctuation.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];

/** The largest single finding accepted; Security Hub's own limit is 240 KB, so this only stops runaway input. */
const MAX_VALUE_BYTES = 64 * 1024 * 1024;

/** One finding's JSON text and where it started. */
export interface SplitValue {
  /** The finding's JSON text. */
  readonly text: string;
  /** 1-based line of the input where the finding starts. */
  readonly line: number;
}

/** The input is not in one of the accepted shapes; `line` says where. */
export class JsonShapeError extends Error {
  /** 1-based line of the input where the problem is. */
  public readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.name = 'JsonShapeError';
    this.line = line;
  }
}

/** Streaming splitter; feed it chunks with push() and call end() after the last one. */
export class FindingsJsonSplitter {
  /** Open containers, innermost last: OPEN_OBJECT or OPEN_ARRAY. */
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  private line = 1;
  private sawValue = false;
  private bytesSeen = 0;

  /** Depth at which finding elements start, while inside a findings array; -1 otherwise. */
  private arrayDepth = -1;
  /** True inside a top-level object that turned out to be a `Findings` envelope. */
  private inEnvelope = false;
  /** True at depth 1 of a top-level object when the next string is a key. */
  private expectKey = false;
  private lastKey = '';

  private capturing = false;
  private captureDepth = 0;
  private captureStart = 0;
  private captureLine = 0;
  private captureBytes = 0;
  private pieces: Buffer[] = [];

  private keyCapturing = false;
  private keyStart = 0;
  private keyPieces: Buffer[] = [];

  /**
   * Scans one chunk.
   * @returns the findings completed in this chunk, in input order
   * @throws JsonShapeError when the input is not findings JSON
   */
  public push(buf: Buffer): SplitValue[] {
    const out: SplitValue[] = [];
    const n = buf.length;
    let i = 0;
    // A UTF-8 byte order mark at the very start is not JSON but editors add it; it may arrive split across chunks.
    while (this.bytesSeen + i < BOM.length && i < n && buf[i] === BOM[this.bytesSeen + i]) i++;
    this.bytesSeen += n;
    let nextBackslash = -2;

    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        // Jump to the closing quote; only a backslash before it needs byte-by-byte care.
        const quote = buf.indexOf(QUOTE, i);
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = buf.indexOf(BACKSLASH, i);
        if (nextBackslash !== -1 && (quote === -1 || nextBackslash < quote)) {
          this.escaped = true;
          i = nextBackslash + 1;
          continue;
        }
        if (quote === -1) {
          i = n;
          break;
        }
        this.inString = false;
        if (this.keyCapturing) this.endKey(buf, quote);
        i = quote + 1;
        continue;
      }

      const c = buf[i];
      switch (c) {
        case QUOTE:
          if (this.stack.length === 0) throw this.notFindings('a string');
          if (this.stack.length === this.arrayDepth && !this.capturing) throw this.notFindings('a string', true);
          this.inString = true;
          if (this.stack.length === 1 && this.expectKey) {
            this.keyCapturing = true;
            this.keyStart = i + 1;
            this.keyPieces = [];
          }
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.open(c, i);
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY: {
          const value = this.close(c, buf, i);
          if (value) out.push(value);
          break;
        }
        case COLON:
          if (this.stack.length === 1) this.expectKey = false;
          break;
        case COMMA:
          if (this.stack.length === 1 && this.stack[0] === OPEN_OBJECT) this.expectKey = true;
          break;
        case NEWLINE:
          this.line++;
          break;
        case 0x20:
        case 0x09:
        case 0x0d:
          break;
        default:
          if (this.stack.length === 0)
            throw this.notFindings((c >= 0x30 && c <= 0x39) || c === 0x2d ? 'a number' : `"${String.fromCharCode(c)}"`);
          if (this.stack.length === this.arrayDepth && !this.capturing)
            throw this.notFindings('a number or literal', true);
      }
      i++;
    }
    if (this.capturing) {
      this.pieces.push(buf.subarray(this.captureStart));
      this.captureBytes += n - this.captureStart;
      this.captureStart = 0;
      if (this.captureBytes > MAX_VALUE_BYTES) {
        throw new JsonShapeError(
          `the value starting at line ${this.captureLine} is larger than ${MAX_VALUE_BYTES >> 20} MiB without being a Findings array; is this findings JSON?`,
          this.captureLine,
        );
      }
    }
    if (this.keyCapturing) {
      this.keyPieces.push(buf.subarray(this.keyStart));
      this.keyStart = 0;
    }
    return out;
  }

  /**
   * Checks the input ended cleanly.
   * @returns true when the input held at least one JSON value (it may still hold no findings)
   * @throws JsonShapeError when the input ends inside a value
   */
  public end(): boolean {
    if (this.inString || this.stack.length > 0) {
      throw new JsonShapeError(
        `the input ends inside a JSON value that started at line ${this.captureLine || 1}; the file looks truncated`,
        this.line,
      );
    }
    return this.sawValue;
  }

  private open(c: number, i: number): void {
    const depth = this.stack.length;
    if (depth === 0) {
      this.sawValue = true;
      if (c === OPEN_OBJECT) {
        // Either one finding (JSON Lines) or a get-findings envelope; keep the text until a
        // top-level `Findings` array says which.
        this.startCapture(i, 0);
        this.expectKey = true;
        this.lastKey = '';
      } else {
        this.arrayDepth = 1;
      }
    } else if (depth === this.arrayDepth && !this.capturing) {
      if (c !== OPEN_OBJECT) throw this.notFindings('an array', true);
      this.startCapture(i, depth);
    } else if (
      depth === 1 &&
      c === OPEN_ARRAY &&
      this.stack[0] === OPEN_OBJECT &&
      this.lastKey === 'Findings' &&
      !this.expectKey
    ) {
      this.inEnvelope = true;
      this.capturing = false;
      this.pieces = [];
      this.arrayDepth = 2;
    }
    this.stack.push(c);
  }

  private close(c: number, buf: Buffer, i: number): SplitValue | undefined {
    const open = this.stack.pop();
    if (open === undefined || (open === OPEN_OBJECT) !== (c === CLOSE_OBJECT)) {
      throw new JsonShapeError(
        `unexpected "${String.fromCharCode(c)}" at line ${this.line}; the input is not valid JSON`,
        this.line,
      );
    }
    const depth = this.stack.length;
    if (c === CLOSE_ARRAY && depth === this.arrayDepth - 1) this.arrayDepth = -1;
    if (depth === 0 && this.inEnvelope) {
      this.inEnvelope = false;
      return undefined;
    }
    if (this.capturing && depth === this.captureDepth) {
      this.capturing = false;
      const text =
        this.pieces.length === 0
          ? buf.toString('utf8', this.captureStart, i + 1)
          : Buffer.concat([...this.pieces, buf.subarray(0, i + 1)]).toString('utf8');
      this.pieces = [];
      return { text, line: this.captureLine };
    }
    return undefined;
  }

  private startCapture(i: number, depth: number): void {
    this.capturing = true;
    this.captureDepth = depth;
    this.captureStart = i;
    this.captureLine = this.line;
    this.captureBytes = 0;
    this.pieces = [];
  }

  private endKey(buf: Buffer, quote: number): void {
    this.keyCapturing = false;
    const bytes =
      this.keyPieces.length === 0
        ? buf.subarray(this.keyStart, quote)
        : Buffer.concat([...this.keyPieces, buf.subarray(0, quote)]);
    this.lastKey = bytes.length === 8 ? bytes.toString('utf8') : '';
    this.keyPieces = [];
  }

  private notFindings(what: string, inArray = false): JsonShapeError {
    return new JsonShapeError(
      inArray
        ? `the findings array holds ${what} at line ${this.line}; each element must be an ASFF finding object`
        : `found ${what} at line ${this.line} where a findings object or array should start; the input is not findings JSON`,
      this.line,
    );
  }
}
