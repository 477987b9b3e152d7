export { InvalidPolicyError, STANDARD_POLICY, policyFrom } from './policy';
export { applyEvent, beginDay, calendarOf, instalmentMet, nextWakeDate, openRun, runDateOf, runDueSteps } from './run';
export { planNextStep, planReminderOf, stepsBehind, upcomingStepDate, upcomingSteps, type NextStep, type Plan, type PlanInput } from './plan';
export { portfolioTimeline, replayPortfolio, type PortfolioEvent, type TimelineLine } from './timeline';
export { instalmentPlanOn, type InstalmentPlanStanding, type InstalmentStatus, type PlannedInstalment, type PlanState } from './instalments';
export type {
  CloseReason,
  CollectionRun,
  CollectionsAction,
  CollectionsEvent,
  CollectionsInvoice,
  CollectionsPolicy,
  DisputeReason,
  PauseReason,
  PolicyStep,
  ResumeReason,
  ScheduledStep,
  StepKind,
  Transition,
} from './types';
export { DISPUTE_REASONS, STEP_KINDS } from './types';
export { AmountSchema, CollectionsEventSchema, describeInvalid, MAX_EVENT_ID_LENGTH, unknownFields } from './events';
