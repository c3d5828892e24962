import { lintSource } from "@secretlint/core";
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";

/** A secret secretlint's recommended rules found in one text. */
export interface SecretMatch {
  /** The secretlint rule, e.g. `@secretlint/secretlint-rule-github`. */
  ruleId: string;
  /** 1-based line. */
  line: number;
  /** secretlint's message, with the secret masked. */
  message: string;
  /** The matched text (kept in memory only, to compare base and head). */
  secret: string;
}

const CONFIG = {
  rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommendedPreset }],
};

/** Masks all but the first four characters of a secret. */
export function maskSecret(secret: string): string {
  return secret.length <= 4
    ? "****"
    : `${secret.slice(0, 4)}${"*".repeat(Math.min(16, secret.length - 4))}`;
}

/** Runs secretlint's recommended preset over one file's content. */
export async function scanSecrets(path: string, content: string): Promise<SecretMatch[]> {
  const dot = path.lastIndexOf(".");
  const result = await lintSource({
    source: {
      filePath: `/${path}`,
      content,
      ext: dot >= 0 ? path.slice(dot) : "",
      contentType: "text",
    },
    options: { config: CONFIG, maskSecrets: false },
  });
  return result.messages
    .filter((message) => message.type === "message")
    .map((message) => {
      const secret = content.slice(message.range[0], message.range[1]);
      return {
        ruleId: message.ruleId,
        line: message.loc.start.line,
        message: message.message.split(secret).join(maskSecret(secret)),
        secret,
      };
    });
}
