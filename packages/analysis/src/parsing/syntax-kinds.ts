/** tree-sitter node kinds of functions in JavaScript / TypeScript. */
export const JS_FUNCTIONS: ReadonlySet<string> = new Set([
  "function_declaration",
  "function_expression",
  "arrow_function",
  "method_definition",
  "generator_function_declaration",
  "generator_function",
]);

/** tree-sitter node kinds of functions in Python. */
export const PY_FUNCTIONS: ReadonlySet<string> = new Set(["function_definition", "lambda"]);
