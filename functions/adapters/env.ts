import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { S3DocumentStore } from './document-store';
import { sdkClient } from './sdk-clients';
import { systemClock } from '../domain/clock';
import { ledgerStores, type LedgerStores } from './ledger';
import { SesMailer, type Mailer } from './mailer';
import { ENV } from './ledger-schema';
import { StepFunctionsExecutions } from './executions';
import { countingSends, logger, tracer } from './telemetry';
import { StepFunctionsWorkflow } from './workflow';

export { logger };

const named = (name: string) => z.object({ [name]: z.string().min(1, `${name} must be set`) });

/** The value of a required variable: a missing one fails the cold start, by name. */
export const requiredEnv = (env: NodeJS.ProcessEnv, name: string): string => named(name).parse(env)[name] as string;

/** Clients are built once per cold start, with the SDK defaults, and shared by the adapters that need them; each call they make is traced. */
const clients = {
  dynamodb: () => tracer.captureAWSv3Client(sdkClient(DynamoDBClient, {})),
  s3: () => tracer.captureAWSv3Client(sdkClient(S3Client, {})),
  sfn: () => tracer.captureAWSv3Client(sdkClient(SFNClient, {})),
  ses: () => tracer.captureAWSv3Client(sdkClient(SESv2Client, {})),
};

export const ledgerFromEnv = (env: NodeJS.ProcessEnv = process.env): LedgerStores =>
  ledgerStores(clients.dynamodb(), requiredEnv(env, ENV.ledgerTable));

export const documentsFromEnv = (env: NodeJS.ProcessEnv = process.env): S3DocumentStore =>
  new S3DocumentStore(clients.s3(), requiredEnv(env, ENV.documentsBucket));

export const workflowFromEnv = (env: NodeJS.ProcessEnv = process.env): StepFunctionsWorkflow =>
  new StepFunctionsWorkflow(clients.sfn(), requiredEnv(env, ENV.stateMachineArn));

export const executionsFromEnv = (env: NodeJS.ProcessEnv = process.env): StepFunctionsExecutions =>
  new StepFunctionsExecutions(clients.sfn(), requiredEnv(env, ENV.stateMachineArn));

export const mailerFromEnv = (env: NodeJS.ProcessEnv = process.env): Mailer =>
  countingSends(new SesMailer(clients.ses(), ledgerFromEnv(env).sendClaims, systemClock, requiredEnv(env, ENV.senderAddress), env[ENV.configurationSet]));
