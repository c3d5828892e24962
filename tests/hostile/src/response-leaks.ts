/**
 * What must never reach a client: internals that help an attacker and help no sender.
 * Each pattern names what it catches, so a failure says what leaked.
 */
const LEAK_PATTERNS: readonly [what: string, pattern: RegExp][] = [
  ["a stack frame", /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:|node:|\/|[A-Z]:\\)[^)\n]*:\d+:\d+/],
  ["a stack frame", /\n\s+at \S/],
  [
    "a JavaScript error class name",
    /\b(?:TypeError|RangeError|SyntaxError|ReferenceError|EvalError|URIError|AggregateError|InternalError|DOMException)\b/,
  ],
  [
    "a JavaScript engine message",
    /Cannot read propert(?:y|ies) of|Cannot convert (?:undefined|null|object)|is not a function|is not iterable|is not a constructor|Maximum call stack size exceeded|Invalid time value|Invalid array length|Invalid string length|Unexpected token|Unexpected end of JSON input|in JSON at position|Cannot create property|object null is not|undefined is not|Converting circular structure/i,
  ],
  [
    "an SQL or database message",
    /\b(?:SELECT\s+[\w*"]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|ON CONFLICT|RETURNING\s+\w|violates (?:unique|foreign key|not-null|check) constraint|duplicate key value|relation "|column "|syntax error at or near|invalid byte sequence for encoding|unsupported Unicode escape sequence|invalid input syntax for type|out of range for type|index row size|SQLSTATE|ECONNREFUSED|PGlite|postgres(?:ql)? error)/i,
  ],
];

/** What a response body leaks, by name (empty when it leaks nothing). */
export function leaksIn(body: string): string[] {
  return LEAK_PATTERNS.filter(([, pattern]) => pattern.test(body)).map(([what]) => what);
}
