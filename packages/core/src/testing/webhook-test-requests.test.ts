import { describe, expect, it } from "vitest";
import { toTestWebhookRequest, withoutHeaders } from "./webhook-test-requests";

describe("webhook test requests", () => {
  const request = () =>
    new Request("http://127.0.0.1/hook?x=1", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "x-sig": "abc", "x-id": "1" },
      body: '{"a":1}',
    });

  it("reads a request as the handler does", async () => {
    const read = await toTestWebhookRequest(request(), new Date(5));
    expect(read).toMatchObject({
      method: "POST",
      text: '{"a":1}',
      contentType: "application/json",
      receivedAt: new Date(5),
    });
    expect(read.url.searchParams.get("x")).toBe("1");
    expect(read.headers.get("x-sig")).toBe("abc");
  });

  it("drops the named headers and keeps the body", async () => {
    const stripped = withoutHeaders(request(), "x-sig", "X-ID");
    expect(stripped.headers.has("x-sig")).toBe(false);
    expect(stripped.headers.has("x-id")).toBe(false);
    expect(stripped.headers.get("content-type")).toMatch(/json/);
    expect(await stripped.text()).toBe('{"a":1}');
  });
});
