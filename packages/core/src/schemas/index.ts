/**
 * `@contexten/core/schemas`: the zod schema of every contexten model and config. Validate
 * what crosses your own boundaries with them (a queue message, a stored row, an admin
 * form); contexten's stores, handlers and engines already validate what they accept. Each
 * schema's output type has the same name without `Schema`, exported from
 * `@contexten/core` (`correlatedEventSchema` → `CorrelatedEvent`).
 *
 * @packageDocumentation
 */

export { cacheConfigSchema } from "../config/cache-config";
export { correlationConfigSchema } from "../config/correlation-config";
export { rateLimitBudgetSchema, rateLimitConfigSchema } from "../config/rate-limit-config";
export {
  codeCorrelationRuleSchema,
  correlationRuleSchema,
  keyMatchSchema,
} from "../correlation/correlation-rule";
export {
  correlatedEventSchema,
  correlationKeySchema,
  eventRefSchema,
  eventSubjectSchema,
  evidenceSchema,
} from "../models/correlated-event";
export { correlationEvidenceSchema, correlationSchema } from "../models/correlation";
export { eventLineageSchema } from "../models/event-lineage";
export { eventPatternSchema, fieldMatcherSchema } from "../models/event-pattern";
export { eventTypeSchema } from "../models/event-type";
export { healthStatusSchema } from "../models/health-status";
export { notificationActionSchema } from "../models/notification-action";
export { platformSchema } from "../models/platform";
export { processingResultSchema } from "../models/processing-result";
export { retryPolicySchema } from "../models/retry-policy";
export {
  issuePrioritySchema,
  issueStatusCategorySchema,
  issueStatusSchema,
  unifiedIssueSchema,
} from "../models/unified-issue";
export {
  notificationPrioritySchema,
  unifiedNotificationSchema,
} from "../models/unified-notification";
export { workflowConditionSchema } from "../models/workflow-condition";
export { workflowDefinitionSchema } from "../models/workflow-definition";
export { workflowStepSchema } from "../models/workflow-step";
