/** A GraphQL document's first operation: its type and name. */
export interface GraphqlOperation {
  /** `query`, `mutation` or `subscription` (shorthand `{ … }` documents are queries). */
  type: "query" | "mutation" | "subscription";
  /** The operation name, when the document names it. */
  name: string | undefined;
}

// An operation starts the document or follows the closing brace of a fragment.
const OPERATION = /(?:^|\})\s*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/;

/** Reads the type and name of the first operation of a GraphQL document. */
export function parseGraphqlOperation(query: string): GraphqlOperation {
  const match = OPERATION.exec(query.replace(/#[^\n]*/g, ""));
  if (!match) return { type: "query", name: undefined };
  return { type: match[1] as GraphqlOperation["type"], name: match[2] };
}
