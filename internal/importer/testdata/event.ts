import { randomUUID } from "crypto";

export const event: ProactiveEvent = {
  timestamp: new Date().toISOString(),
  referenceId: crypto.randomUUID(),
  expiryTime: getExpiry(24),
  event: {
    name: "AMAZON.MessageAlert.Activated",
    payload: {
      state: { status: "UNREAD", freshness: "NEW" },
      messageGroup: { creator: { name: sender }, count: 0x3 },
    },
  },
  localizedAttributes: [],
  relevantAudience: { type: "Multicast", payload: {} },
} as const;
