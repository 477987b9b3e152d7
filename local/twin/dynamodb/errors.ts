import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  ResourceInUseException,
  ResourceNotFoundException,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';

/**
 * What DynamoDB's errors carry besides their own fields: the status code DynamoDB answers with, so
 * that an error thrown in process and one read off the wire look the same to the caller.
 */
const metadata = (httpStatusCode: number): DynamoDBServiceException['$metadata'] => ({ httpStatusCode, attempts: 1, totalRetryDelay: 0 });

/**
 * DynamoDB refused the request as written: a ValidationException, which the SDK does not model,
 * so it reaches the caller as a DynamoDBServiceException of that name (a SerializationException
 * likewise, for a value of the wrong JSON type).
 */
export const validation = (message: string, name: 'ValidationException' | 'SerializationException' = 'ValidationException'): DynamoDBServiceException =>
  new DynamoDBServiceException({ name, $fault: 'client', message, $metadata: metadata(400) });

/** The condition did not hold; `Item` is the item as it stood, when the caller asked for it. */
export const conditionalCheckFailed = (item?: Readonly<Record<string, object>>): ConditionalCheckFailedException =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: metadata(400),
    // The twin's values are the SDK's AttributeValue shapes.
    ...(item ? { Item: item as Record<string, AttributeValue> } : {}),
  });

export const resourceNotFound = (message: string): ResourceNotFoundException => new ResourceNotFoundException({ message, $metadata: metadata(400) });

export const resourceInUse = (message: string): ResourceInUseException => new ResourceInUseException({ message, $metadata: metadata(400) });

/** An operation of DynamoDB's API the twin does not answer (PartiQL, transactions, backups, ...). */
export const unknownOperation = (operation: string): DynamoDBServiceException =>
  new DynamoDBServiceException({
    name: 'UnknownOperationException',
    $fault: 'client',
    message: `the DynamoDB twin does not answer ${operation}`,
    $metadata: metadata(400),
  });

/** The namespace DynamoDB names an error with on the wire (`__type`). */
export function wireTypeOf(name: string): string {
  if (name === 'ValidationException') return `com.amazon.coral.validate#${name}`;
  if (name === 'SerializationException' || name === 'UnknownOperationException') return `com.amazon.coral.service#${name}`;
  return `com.amazonaws.dynamodb.v20120810#${name}`;
}

/** Whether an error is one of DynamoDB's answers rather than a fault of the twin. */
export const isServiceError = (err: unknown): err is DynamoDBServiceException => err instanceof DynamoDBServiceException;
