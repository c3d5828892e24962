import { ContextenError } from "@contexten/core";
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError } from "graphql";
import { createSchema, createYoga, type YogaServerInstance } from "graphql-yoga";
import type { ApiContext } from "../api-context";
import type { ApiCaller } from "../auth/bearer-auth";
import { createLoaders } from "./loaders";
import { createResolvers, type GraphQLContext } from "./resolvers";
import { typeDefs } from "./type-defs";

/** Where GraphQL is served. */
export const GRAPHQL_PATH = "/graphql";

/** What the server context carries in from the HTTP or WebSocket layer. */
export interface GraphQLServerContext {
  caller: ApiCaller;
}

const CLIENT_CODES: Record<string, { code: string; status: number }> = {
  validation_failed: { code: "BAD_USER_INPUT", status: 400 },
  not_found: { code: "NOT_FOUND", status: 404 },
  forbidden: { code: "FORBIDDEN", status: 403 },
};

/** graphql-yoga over the shared context, with depth and cost limits and per-request loaders. */
export function createGraphQL(
  api: ApiContext,
  onError: (error: unknown) => void,
): YogaServerInstance<GraphQLServerContext, GraphQLContext> {
  return createYoga<GraphQLServerContext, GraphQLContext>({
    schema: createSchema<GraphQLContext>({ typeDefs, resolvers: createResolvers(api) }),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: false,
    landingPage: false,
    logging: false,
    context: ({ caller }) => ({ caller, loaders: createLoaders(api.store) }),
    plugins: [
      maxDepthPlugin({ n: api.limits.graphqlMaxDepth, ignoreIntrospection: true, exposeLimits: true }),
      costLimitPlugin({ maxCost: api.limits.graphqlMaxCost, ignoreIntrospection: true, exposeLimits: true }),
    ],
    maskedErrors: {
      maskError(error, message) {
        const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
        if (original instanceof GraphQLError && !(error instanceof GraphQLError && error.originalError)) {
          return original;
        }
        if (ContextenError.isInstance(original) && CLIENT_CODES[original.code]) {
          const { code, status } = CLIENT_CODES[original.code]!;
          return new GraphQLError(original.message, {
            ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
            extensions: { code, http: { status } },
          });
        }
        if (original instanceof GraphQLError) return original;
        onError(original);
        return new GraphQLError(message, {
          ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
        });
      },
    },
  });
}
