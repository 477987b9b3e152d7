import './xray-mode';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Mailer } from './mailer';
import { METRIC, METRICS_NAMESPACE, type MetricName } from './metric-names';

/**
 * One tracer per function, its service from POWERTOOLS_SERVICE_NAME. Powertools turns it off
 * outside Lambda (no AWS_EXECUTION_ENV), so `npm start` and the tests trace nothing.
 */
export const tracer = new Tracer();

/** One logger per function; its service name comes from POWERTOOLS_SERVICE_NAME, set by the stack. */
export const logger = new Logger();

/**
 * One metrics store per function, written as an EMF log line by `publishMetrics()`. `npm start`
 * and the tests set POWERTOOLS_METRICS_DISABLED, so nothing is written among their output. Its
 * own warnings go through the logger, at its level: on the console they reached stderr on every
 * invocation of `npm start`, where many invocations share one store, and the first to end
 * publishes what the others counted.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, logger });

/** A segment per invocation, without the handler's answer: it names customers, amounts and bank accounts. */
export const traceInvocation = () => captureLambdaHandler(tracer, { captureResponse: false });

/** Publishes what the invocation counted, whether it returns or throws. */
export const publishMetrics = () => logMetrics(metrics);

/** Adds `value` to a count of this invocation; a 0 is published too, so a quiet day reads 0 rather than no data. */
export const count = (name: MetricName, value: number): void => {
  metrics.addMetric(name, MetricUnit.Count, value);
};

/** Counts a collections step done for the first time; the same step again (a retry) counts 0. */
export const countStep = (outcome: 'done' | 'already-done'): void => count(METRIC.stepsRun, outcome === 'done' ? 1 : 0);

/** The mailer, counting each e-mail SES accepts now; one an earlier attempt sent, or may have, counts 0. */
export const countingSends = (mailer: Mailer): Mailer => ({
  send: async (message, idempotencyKey) => {
    const outcome = await mailer.send(message, idempotencyKey);
    count(METRIC.emailsSent, outcome.status === 'sent' ? 1 : 0);
    return outcome;
  },
});
