import type { PersonInput } from "@contexten/notifications";
import {
  DEFAULT_NOTIFICATION_RULES,
  type ServiceNotificationsOptions,
} from "../service/notifications";

/** The story's people: GitHub logins, email addresses, and email as their channel. */
export const DEMO_PEOPLE: PersonInput[] = [
  {
    id: "ada",
    name: "Ada",
    github: "ada",
    email: "ada@acme.test",
    timeZone: "Europe/London",
    preferences: { channels: ["email"] },
  },
  {
    id: "grace",
    name: "Grace",
    github: "grace",
    email: "grace@acme.test",
    timeZone: "America/New_York",
    preferences: { channels: ["email"] },
  },
];

/** The demo's routing: the default rules, the story's people, email to a local SMTP peer. */
export function demoNotifications(smtp: {
  host: string;
  port: number;
}): ServiceNotificationsOptions {
  return {
    rules: DEFAULT_NOTIFICATION_RULES,
    people: DEMO_PEOPLE,
    email: {
      from: "contexten demo <contexten@acme.test>",
      smtp: { host: smtp.host, port: smtp.port, ignoreTLS: true },
      env: {},
    },
  };
}
