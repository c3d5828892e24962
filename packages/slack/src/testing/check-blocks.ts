import { SLACK_LIMITS } from "../blocks/slack-limits";

type Json = Record<string, unknown>;

function textOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const text = (value as Json).text;
  return typeof text === "string" ? text : undefined;
}

function tooLong(what: string, text: string | undefined, max: number): string | undefined {
  return text !== undefined && text.length > max
    ? `${what} is ${text.length} characters (max ${max})`
    : undefined;
}

function checkButton(element: Json, path: string): string | undefined {
  return (
    tooLong(`${path}.text`, textOf(element.text), SLACK_LIMITS.buttonText) ??
    tooLong(`${path}.value`, element.value as string | undefined, SLACK_LIMITS.buttonValue) ??
    tooLong(`${path}.action_id`, element.action_id as string | undefined, SLACK_LIMITS.actionId)
  );
}

function checkBlock(block: Json, path: string): string | undefined {
  switch (block.type) {
    case "header":
      return tooLong(`${path}.text`, textOf(block.text), SLACK_LIMITS.headerText);
    case "section": {
      const fields = (block.fields as Json[] | undefined) ?? [];
      if (block.text === undefined && fields.length === 0) return `${path} needs text or fields`;
      if (fields.length > SLACK_LIMITS.sectionFields) {
        return `${path}.fields has ${fields.length} items (max ${SLACK_LIMITS.sectionFields})`;
      }
      return (
        tooLong(`${path}.text`, textOf(block.text), SLACK_LIMITS.sectionText) ??
        fields
          .map((field, index) =>
            tooLong(`${path}.fields[${index}]`, textOf(field), SLACK_LIMITS.fieldText),
          )
          .find(Boolean)
      );
    }
    case "actions": {
      const elements = (block.elements as Json[] | undefined) ?? [];
      if (elements.length === 0 || elements.length > SLACK_LIMITS.actionsElements) {
        return `${path}.elements has ${elements.length} items (1 to ${SLACK_LIMITS.actionsElements})`;
      }
      return elements
        .map((element, index) =>
          element.type === "button"
            ? checkButton(element, `${path}.elements[${index}]`)
            : undefined,
        )
        .find(Boolean);
    }
    case "context": {
      const elements = (block.elements as Json[] | undefined) ?? [];
      return elements.length === 0 || elements.length > SLACK_LIMITS.contextElements
        ? `${path}.elements has ${elements.length} items (1 to ${SLACK_LIMITS.contextElements})`
        : undefined;
    }
    default:
      return typeof block.type === "string" ? undefined : `${path} has no type`;
  }
}

/**
 * Checks blocks against Slack's documented limits the way Slack refuses them with
 * `invalid_blocks`: block count, header / section / field / button text lengths, fields
 * per section, elements per actions and context block. Returns the first problem, or
 * undefined when the blocks are acceptable.
 */
export function checkBlocks(blocks: unknown, maxBlocks: number): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return "blocks must be an array";
  if (blocks.length > maxBlocks) return `${blocks.length} blocks (max ${maxBlocks})`;
  return blocks
    .map((block, index) =>
      typeof block === "object" && block !== null
        ? checkBlock(block as Json, `blocks[${index}]`)
        : `blocks[${index}] is not an object`,
    )
    .find(Boolean);
}
