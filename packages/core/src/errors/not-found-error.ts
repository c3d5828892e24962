import { ContextenError, hasMarker, markInstance } from "./contexten-error";

const MARKER = Symbol.for("contexten.error.not_found");

/** A requested entity (issue, event, workflow) does not exist. */
export class NotFoundError extends ContextenError {
  /** Kind of entity, e.g. `issue`, `event`. */
  readonly entity: string;
  /** The identifier that was looked up. */
  readonly id: string;

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

  /** True for a {@link NotFoundError} from any copy of the package. */
  static override isInstance(error: unknown): error is NotFoundError {
    return hasMarker(error, MARKER);
  }
}
