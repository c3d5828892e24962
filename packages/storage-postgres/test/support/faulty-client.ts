import type { SqlClient, SqlExecutor } from "../../src/index";

/** The error a {@link FaultyClient} throws. */
export class InjectedFailure extends Error {
  constructor(statement: string) {
    super(`injected failure before: ${statement.replace(/\s+/g, " ").slice(0, 80)}`);
    this.name = "InjectedFailure";
  }
}

/**
 * Wraps a real client and throws, instead of running it, the `failAt`-th statement whose
 * text matches `pattern` (counting from 1, inside transactions and out). Everything else
 * reaches the database untouched.
 */
export class FaultyClient implements SqlClient {
  #seen = 0;
  /** Statements that matched `pattern` so far. */
  get matched(): number {
    return this.#seen;
  }

  constructor(
    private readonly inner: SqlClient,
    private readonly pattern: RegExp,
    private readonly failAt: number,
  ) {}

  #wrap(executor: SqlExecutor): SqlExecutor {
    return {
      query: (text, params) => {
        if (this.pattern.test(text)) {
          this.#seen += 1;
          if (this.#seen === this.failAt) return Promise.reject(new InjectedFailure(text));
        }
        return executor.query(text, params);
      },
    };
  }

  query: SqlExecutor["query"] = (text, params) => this.#wrap(this.inner).query(text, params);

  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction((executor) => work(this.#wrap(executor)));
  }
}
