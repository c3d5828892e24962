/** The GraphQL schema, in SDL. Dates are ISO 8601 strings; `JSON` is any JSON value. */
export const typeDefs = /* GraphQL */ `
  scalar DateTime
  scalar JSON

  type EventSubject {
    kind: String!
    id: String!
    key: String
    url: String
    title: String
  }

  type EventRef {
    key: String!
    evidence: String!
    field: String
    excerpt: String
  }

  "A stored, normalized event from any platform."
  type Event {
    id: ID!
    type: String!
    platform: String!
    occurredAt: DateTime!
    receivedAt: DateTime!
    deliveryId: String
    subject: EventSubject!
    keys: [String!]!
    refs: [EventRef!]!
    payload: JSON!
    correlationId: String
    parentEventId: String
    workflowId: String
    "Links where this event is source or target (batched across a list)."
    links: [Correlation!]!
    "The event this one derives from."
    parent: Event
  }

  type CorrelationEvidence {
    key: String!
    evidence: String!
    field: String
    excerpt: String
  }

  "A link between two events, with the rule that made it and its strength."
  type Correlation {
    id: ID!
    sourceEventId: String!
    targetEventId: String!
    rule: String!
    strength: Float!
    evidence: [CorrelationEvidence!]!
    createdAt: DateTime!
    source: Event
    target: Event
  }

  type EventLineage {
    rootEvent: Event!
    relatedEvents: [Event!]!
    workflowsTriggered: [String!]!
    correlationStrength: Float!
    links: [Correlation!]!
    "Distance in links from the root, by event id."
    depths: JSON!
    correlationId: String
    truncated: Boolean!
  }

  type EventConnection {
    events: [Event!]!
    nextCursor: String
  }

  input EventFilter {
    platform: [String!]
    "Types; a trailing * matches a prefix."
    type: [String!]
    correlationId: String
    "A correlation key the events are or mention."
    key: String
    since: DateTime
    until: DateTime
    order: String
    limit: Int
    cursor: String
  }

  input EventStreamFilter {
    platform: [String!]
    type: [String!]
    correlationId: String
    key: String
  }

  type IntegrationHealth {
    platform: String!
    status: String!
    checkedAt: DateTime!
    latencyMs: Float
    message: String
    webhooksEnabled: Boolean!
  }

  type IntegrationStatus {
    status: String!
    integrations: [IntegrationHealth!]!
  }

  type WorkflowError {
    code: String!
    message: String!
  }

  type WorkflowStep {
    stepId: String!
    status: String!
    attempts: Int!
    output: JSON
    error: WorkflowError
    startedAt: DateTime
    finishedAt: DateTime
  }

  type WorkflowRun {
    id: ID!
    name: String!
    definitionId: String!
    status: String!
    triggerEventId: String
    correlationId: String
    input: JSON
    error: WorkflowError
    createdAt: DateTime!
    updatedAt: DateTime!
    finishedAt: DateTime
    steps: [WorkflowStep!]!
    triggerEvent: Event
  }

  input WorkflowFilter {
    status: [String!]
    definitionId: String
    triggerEventId: String
    correlationId: String
    limit: Int
  }

  type WorkflowTriggerResult {
    run: WorkflowRun!
    created: Boolean!
  }

  input TriggerWorkflowInput {
    workflowId: String!
    input: JSON
    idempotencyKey: String
  }

  type CorrelationRule {
    name: String!
    description: String
    kind: String!
    "Created through the API (deletable)."
    stored: Boolean!
    definition: JSON!
  }

  "Integration settings that are safe to change while the service runs."
  input IntegrationSettingsInput {
    "false pauses webhook intake: the platform's webhook route answers 503 with Retry-After."
    webhooksEnabled: Boolean
  }

  type IntegrationSettings {
    platform: String!
    webhooksEnabled: Boolean!
  }

  type WorkflowUpdate {
    workflowId: ID!
    name: String!
    status: String!
    definitionId: String
    stepId: String
    attempt: Int
    error: WorkflowError
    at: DateTime!
  }

  type Query {
    integrationStatus: IntegrationStatus!
    event(id: ID!): Event
    eventLineage(eventId: ID!, maxDepth: Int): EventLineage!
    correlatedEvents(filter: EventFilter): EventConnection!
    workflows(filter: WorkflowFilter): [WorkflowRun!]!
    workflow(id: ID!): WorkflowRun
    correlationRules: [CorrelationRule!]!
  }

  type Mutation {
    triggerWorkflow(input: TriggerWorkflowInput!): WorkflowTriggerResult!
    cancelWorkflow(id: ID!, reason: String): Boolean!
    "Validated like POST /api/v1/correlation-rules; stored and applied by every instance."
    createCorrelationRule(rule: JSON!): CorrelationRule!
    deleteCorrelationRule(name: String!): Boolean!
    updateIntegrationConfig(platform: String!, settings: IntegrationSettingsInput!): IntegrationSettings!
  }

  type Subscription {
    "Events stored by any instance, as they arrive."
    eventStream(filter: EventStreamFilter): Event!
    "Changes to one workflow run and its steps."
    workflowUpdates(workflowId: ID!): WorkflowUpdate!
  }
`;
