import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/**
 * Validates responses against the OpenAPI document the API serves (JSON Schema 2020-12,
 * OpenAPI 3.1's dialect), by path template, method and status.
 */
export class OpenApiValidator {
  readonly #ajv: Ajv2020;
  readonly #document: {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };

  constructor(document: Record<string, unknown>) {
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default
      ? addFormats.default(this.#ajv)
      : (addFormats as unknown as (ajv: Ajv2020) => void)(this.#ajv);
    this.#document = document as never;
    this.#ajv.addSchema(document, "openapi");
  }

  /** Throws unless `body` is what the document promises for this route and status. */
  validate(method: string, pathTemplate: string, status: number, body: unknown): void {
    const operation = this.#document.paths[pathTemplate]?.[method.toLowerCase()];
    if (!operation) throw new Error(`The OpenAPI document has no ${method} ${pathTemplate}`);
    if (!(String(status) in operation.responses)) {
      throw new Error(`The OpenAPI document has no ${status} for ${method} ${pathTemplate}`);
    }
    const response = operation.responses[String(status)] as { content?: Record<string, unknown> };
    if (!response.content) {
      if (body !== undefined && body !== "")
        throw new Error(`${method} ${pathTemplate} ${status} must have no body`);
      return;
    }
    const pointer = [
      "paths",
      pathTemplate,
      method.toLowerCase(),
      "responses",
      String(status),
      "content",
      "application/json",
      "schema",
    ]
      .map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1"))
      .join("/");
    const validate = this.#ajv.getSchema(`openapi#/${pointer}`);
    if (!validate) throw new Error(`No schema at ${pointer}`);
    if (!validate(body)) {
      throw new Error(
        `${method} ${pathTemplate} ${status} does not match the OpenAPI document: ${this.#ajv.errorsText(validate.errors)}`,
      );
    }
  }
}
