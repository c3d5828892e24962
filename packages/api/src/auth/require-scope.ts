import { ContextenError } from "@contexten/core";
import type { ApiCaller, ApiScope } from "./bearer-auth";

/** The caller's token lacks a scope (answered `403`). */
export class ForbiddenError extends ContextenError {
  constructor(scope: ApiScope) {
    super({
      code: "forbidden",
      message: `This operation needs a token with the "${scope}" scope; use one that has it.`,
    });
    this.name = "ForbiddenError";
  }
}

/** Throws {@link ForbiddenError} unless the caller has `scope`. */
export function requireScope(caller: ApiCaller | undefined, scope: ApiScope): void {
  if (!caller?.scopes.has(scope)) throw new ForbiddenError(scope);
}
