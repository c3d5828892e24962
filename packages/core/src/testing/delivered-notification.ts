/** What the platform really received, as read back from it (or its fake). */
export interface DeliveredNotification {
  /** Recipient as the platform stored it. */
  recipient: string;
  /** All human-readable text of the message (fallback text and rendered blocks). */
  text: string;
  /** Action ids offered with the message, in order. */
  actionIds: string[];
}
