import { fileURLToPath } from 'node:url';

/** The collections workflow's one definition: CDK deploys this file, the local host runs it. */
export const COLLECTIONS_ASL_PATH = fileURLToPath(new URL('./collections.asl.json', import.meta.url));

/**
 * The Lambda of each `${Placeholder}` in the definition, by folder under functions/: the stack
 * substitutes each with that function's ARN, the local host with the same handler.
 */
export const COLLECTIONS_TASK_FUNCTIONS = {
  PlanNextStepFunctionArn: 'plan-next-step',
  ParkRunFunctionArn: 'park-run',
  SendReminderFunctionArn: 'send-reminder',
  CreateCallTaskFunctionArn: 'create-call-task',
  HandOverToAgencyFunctionArn: 'hand-over-to-agency',
  FlagForLegalFunctionArn: 'flag-for-legal',
  RecordFailureFunctionArn: 'record-failure',
} as const;

export type CollectionsPlaceholder = keyof typeof COLLECTIONS_TASK_FUNCTIONS;
