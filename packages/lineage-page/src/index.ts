export { createLineagePage, type LineagePage } from "./create-lineage-page";
export type { StreamMessage } from "./event-stream";
export {
  buildLineageGraph,
  type LineageEdge,
  type LineageGraph,
  type LineageNode,
} from "./lineage-graph";
export type { LineagePageOptions } from "./lineage-page-options";
export { lineageForSearch, type SearchSources } from "./resolve-search";
