import { ContextenError, hasMarker, markInstance } from "./contexten-error";

const MARKER = Symbol.for("contexten.error.not_found");

/**
 * A requested entity (issue, event, workflow) does not exist.
 *
 * It carries the HTTP status `404` as `status` and `statusCode`, the properties error
 * handlers of Express, Fastify and Koa read, so a route that lets it escape answers 404
 * rather than 500.
 */
export class NotFoundError extends ContextenError {
  /** Kind of entity, e.g. `issue`, `event`. */
  readonly entity: string;
  /** The identifier that was looked up. */
  readonly id: string;
  /** HTTP status for this error: always 404. */
  readonly status = 404 as const;
  /** The same as {@link status}, for frameworks that read `statusCode` (Fastify). */
  readonly statusCode = 404 as const;

  constructor(options: { entity: string; id: string; platform?: string; message?: string }) {
    super({
      code: "not_found",
      platform: options.platform,
      message:
        options.message ??
        `${options.entity} ${JSON.stringify(options.id)} was not found` +
          (options.platform ? ` on ${options.platform}` : ""),
    });
    markInstance(this, MARKER);
    this.name = "NotFoundError";
    this.entity = options.entity;
    this.id = options.id;
  }

  /** The plain JSON shape of every contexten error, with `entity`, `id` and `status` added. */
  override toJSON(): ReturnType<ContextenError["toJSON"]> & {
    entity: string;
    id: string;
    status: 404;
  } {
    return { ...super.toJSON(), entity: this.entity, id: this.id, status: this.status };
  }

  /** True for a {@link NotFoundError} from any copy of the package. */
  static override isInstance(error: unknown): error is NotFoundError {
    return hasMarker(error, MARKER);
  }
}
