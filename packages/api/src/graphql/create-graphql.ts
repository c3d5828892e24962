import { ContextenError } from "@contexten/core";
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError, type ValidationContext } from "graphql";
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

/**
 * Reports a graphql-armor rejection as a validation error, so the operation never runs and
 * the client gets a 400 with the limit in the message.
 */
function rejectAsValidationError(code: string) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    const message = error.message.replace(/^Syntax Error: /, "");
    context?.reportError(
      new GraphQLError(message, { extensions: { code, http: { status: 400 } } }),
    );
  };
}

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}

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
      maxDepthPlugin({
        n: api.limits.graphqlMaxDepth,
        ignoreIntrospection: true,
        exposeLimits: true,
        propagateOnRejection: false,
        onReject: [rejectAsValidationError("QUERY_TOO_DEEP")],
      }),
      costLimitPlugin({
        maxCost: api.limits.graphqlMaxCost,
        ignoreIntrospection: true,
        exposeLimits: true,
        propagateOnRejection: false,
        onReject: [rejectAsValidationError("QUERY_TOO_EXPENSIVE")],
      }),
    ],
    maskedErrors: {
      maskError(error, message) {
        // Compare by name, not instanceof: a bundler or test runner may load graphql's ESM and
        // CommonJS builds side by side.
        const located = isGraphQLError(error) ? error : undefined;
        const original = located?.originalError ?? error;
        const where = located ? { nodes: located.nodes, path: located.path } : {};
        if (ContextenError.isInstance(original) && CLIENT_CODES[original.code]) {
          const { code, status } = CLIENT_CODES[original.code]!;
          return new GraphQLError(original.message, {
            ...where,
            extensions: { code, http: { status } },
          });
        }
        if (isGraphQLError(original)) return original;
        if (located && !located.originalError) return located;
        onError(original);
        return new GraphQLError(message, where);
      },
    },
  });
}
