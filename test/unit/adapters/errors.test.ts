import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { AccessDenied, NoSuchBucket, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { classifyStoreError, DocumentStoreUnavailableError, LedgerUnavailableError } from '../../../functions/adapters/errors';

const $metadata = { httpStatusCode: 400 };
/** Errors DynamoDB and S3 answer without a modelled class of their own come as the service's base exception, named by code. */
const dynamodbError = (name: string, message: string, $fault: 'client' | 'server' = 'client') =>
  new DynamoDBServiceException({ name, message, $fault, $metadata });
const s3Error = (name: string, message: string) => new S3ServiceException({ name, message, $fault: 'client', $metadata });
const networkError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });
const inLedger = (cause: unknown) => new LedgerUnavailableError('ledger', 'PutItem customer invoice', { cause });
const inDocuments = (cause: unknown) => new DocumentStoreUnavailableError('documents', 'CopyObject', { cause });

describe('classifyStoreError', () => {
  it.each([
    ['an item over 400 KB', dynamodbError('ValidationException', 'Item size has exceeded the maximum allowed size')],
    ['a partition key over 2048 bytes', dynamodbError('ValidationException', 'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes')],
    ['a number of more than 38 digits', dynamodbError('ValidationException', 'Attempting to store more than 38 significant digits in a Number')],
    ['an object S3 will not take', s3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size')],
    ['an argument S3 will not take', s3Error('InvalidArgument', 'Invalid argument')],
    ['an object key over 1024 bytes', s3Error('KeyTooLongError', 'Your key is too long')],
    ['metadata over its limit', s3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size')],
  ])('calls %s permanent, with the code and the service’s words', (_what, error) => {
    expect(classifyStoreError(inLedger(error))).toEqual({ kind: 'permanent', code: error.name, message: error.message, operation: 'ledger PutItem customer invoice' });
  });

  it.each([
    ['throttling', new ThrottlingException({ message: 'Rate exceeded', $metadata })],
    ['provisioned throughput exceeded', new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata })],
    ['the account request limit', new RequestLimitExceeded({ message: 'Throughput exceeds the account limit', $metadata })],
    ['an internal server error', new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } })],
    ['a 503', dynamodbError('ServiceUnavailable', 'Service unavailable', 'server')],
    ['S3 slowing down', new S3ServiceException({ name: 'SlowDown', message: 'Please reduce your request rate', $fault: 'server', $metadata: { httpStatusCode: 503 } })],
    ['a reset connection', networkError('ECONNRESET')],
    ['a connection timeout', networkError('ETIMEDOUT')],
    ['an SDK timeout', Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' })],
    // Not the file's fault: a deployment problem, for a person to fix while the queue retries and then keeps the message.
    ['a missing table', new ResourceNotFoundException({ message: 'Requested resource not found', $metadata })],
    ['a missing bucket', new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata })],
    ['access denied', new AccessDenied({ message: 'Access Denied', $metadata: { httpStatusCode: 403 } })],
    // Adapters answer a failed condition themselves; one that escapes is contention, which a retry may get past.
    ['a failed condition', new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata })],
    ['an error that is not the store’s', new Error('Lambda crashed')],
    ['something not an error', 'a string'],
  ])('calls %s transient', (_what, error) => {
    expect(classifyStoreError(inLedger(error))).toEqual({ kind: 'transient' });
    expect(classifyStoreError(error)).toEqual({ kind: 'transient' });
  });

  it('names the document store call that was refused', () => {
    expect(classifyStoreError(inDocuments(s3Error('EntityTooLarge', 'too large')))).toMatchObject({ kind: 'permanent', operation: 'documents CopyObject' });
  });

  it('classifies an SDK error met directly, with no adapter to name the call', () => {
    expect(classifyStoreError(dynamodbError('ValidationException', 'Item size has exceeded the maximum allowed size'))).toMatchObject({ kind: 'permanent', operation: null });
  });

  it('ends on an error that is its own cause', () => {
    const looped = new Error('looped');
    looped.cause = looped;
    expect(classifyStoreError(looped)).toEqual({ kind: 'transient' });
  });
});
