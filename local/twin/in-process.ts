import type { MetadataBearer, MiddlewareStack, ResponseMetadata } from '@smithy/types';

/** Response metadata as the SDK fills it for one attempt with no retry. */
export const responseMetadata = (httpStatusCode: number, requestId: string): ResponseMetadata => ({
  httpStatusCode,
  requestId,
  attempts: 1,
  totalRetryDelay: 0,
});

/**
 * Makes a client's commands be answered in this process: a middleware at the end of the
 * initialize step answers and never calls the next handler, so nothing is serialized, no endpoint
 * is resolved, nothing is signed or sent, and the serialize-step middleware (flexible checksums,
 * bucket endpoint) never runs: the client's checksum and endpoint settings do not matter. The
 * initialize-step middleware before it (logger, bucket-name validation, location constraint) runs
 * as for AWS, and sees the command's input and the twin's output or exception.
 */
export function answerInProcess<Input extends object, Output extends MetadataBearer>(
  stack: MiddlewareStack<Input, Output>,
  name: string,
  answer: (commandName: string, input: Input) => Promise<Output>,
): void {
  stack.add(
    (_next, context) => async (args) => {
      const output = await answer(context.commandName ?? '', args.input);
      return { output, response: { statusCode: output.$metadata.httpStatusCode, headers: {} } };
    },
    { step: 'initialize', priority: 'low', name, override: true },
  );
}

/** The fields of an input a twin does not implement: it refuses them rather than answer as if they were not there. */
export const unsupportedFields = (input: object, supported: readonly string[]): string[] =>
  Object.entries(input).flatMap(([field, value]) => (value === undefined || supported.includes(field) ? [] : [field]));
