import type { Server } from "node:http";
import { useServer } from "graphql-ws/use/ws";
import type { YogaServerInstance } from "graphql-yoga";
import { WebSocketServer } from "ws";
import type { BearerAuthenticator } from "../auth/bearer-auth";
import type { GraphQLServerContext } from "./create-graphql";
import type { GraphQLContext } from "./resolvers";

/** A running graphql-ws endpoint. */
export interface GraphQLWebSocket {
  /** Closes every connection and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * Serves GraphQL over WebSocket (the graphql-ws protocol) on `server` at `path`. The
 * client sends its token in the connection's `connectionParams` as
 * `{ authorization: "Bearer <token>" }` (browsers cannot set headers on a WebSocket); an
 * `Authorization` header on the upgrade request works too. Without a valid token the
 * connection is closed with code 4403.
 */
export function attachGraphQLWebSocket(
  server: Server,
  path: string,
  yoga: YogaServerInstance<GraphQLServerContext, GraphQLContext>,
  auth: BearerAuthenticator,
): GraphQLWebSocket {
  const sockets = new WebSocketServer({ server, path });
  const callerOf = (ctx: {
    connectionParams?: Record<string, unknown> | undefined;
    extra: { request: { headers: Record<string, string | string[] | undefined> } };
  }) => {
    const fromParams = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
    const header =
      typeof fromParams === "string" ? fromParams : ctx.extra.request.headers.authorization;
    return auth.authenticate(typeof header === "string" ? header : undefined);
  };
  const disposable = useServer(
    {
      onConnect: (ctx) => callerOf(ctx) !== undefined,
      // graphql-ws runs what yoga's envelop prepared in onSubscribe (passed as rootValue).
      // biome-ignore lint/suspicious/noExplicitAny: envelop's execute/subscribe are untyped here
      execute: (args: any) => args.rootValue.execute(args),
      // biome-ignore lint/suspicious/noExplicitAny: as above
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const caller = callerOf(ctx);
        if (!caller)
          return [new (await import("graphql")).GraphQLError("Send a valid bearer token.")];
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          caller,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    sockets,
  );
  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}
