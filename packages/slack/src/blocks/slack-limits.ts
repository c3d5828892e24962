/**
 * Slack's documented size limits for messages, Block Kit and modals, as checked against
 * the Block Kit reference (docs.slack.dev/reference/block-kit). Text lengths are in
 * characters; contexten measures UTF-16 code units, which never undercounts.
 */
export const SLACK_LIMITS = Object.freeze({
  /** Header block text (plain_text). */
  headerText: 150,
  /** Section block text. */
  sectionText: 3000,
  /** Fields in one section block. */
  sectionFields: 10,
  /** Text of one section field. */
  fieldText: 2000,
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in one modal or Home tab. */
  modalBlocks: 100,
  /** Elements in one actions block. */
  actionsElements: 25,
  /** Elements in one context block. */
  contextElements: 10,
  /** Button text. */
  buttonText: 75,
  /** Button value. */
  buttonValue: 2000,
  /** Button URL. */
  buttonUrl: 3000,
  /** `action_id` of an element. */
  actionId: 255,
  /** `block_id` of a block. */
  blockId: 255,
  /** Confirmation dialog title. */
  confirmTitle: 100,
  /** Confirmation dialog text. */
  confirmText: 300,
  /** Confirmation dialog buttons. */
  confirmButton: 30,
  /** Top-level message `text`; Slack truncates anything longer. */
  messageText: 40_000,
  /** Modal title, submit and close button texts. */
  modalTitle: 24,
  /** Modal `private_metadata`. */
  privateMetadata: 3000,
  /** Modal `callback_id`. */
  callbackId: 255,
  /** Input block label. */
  inputLabel: 2000,
  /** Input block hint. */
  inputHint: 2000,
  /** Input placeholder. */
  placeholder: 150,
  /** Option text in a select menu. */
  optionText: 75,
  /** Option value in a select menu. */
  optionValue: 150,
  /** Options in a static select menu. */
  selectOptions: 100,
});

/** The names of {@link SLACK_LIMITS}. */
export type SlackLimit = keyof typeof SLACK_LIMITS;
