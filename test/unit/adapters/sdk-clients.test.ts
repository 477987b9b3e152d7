import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { sdkClient } from '../../../functions/adapters/sdk-clients';

describe('sdkClient', () => {
  it.each([
    ['DynamoDB', sdkClient(DynamoDBClient, { region: 'eu-central-1' })],
    ['S3', sdkClient(S3Client, { region: 'eu-central-1', forcePathStyle: true })],
    ['Step Functions', sdkClient(SFNClient, { region: 'eu-central-1' })],
    ['SES', sdkClient(SESv2Client, { region: 'eu-central-1' })],
  ])('builds the %s client with its middleware cached per command, without the logger middleware, over the config given', (_name, client) => {
    expect(client.config.cacheMiddleware).toBe(true);
    expect(client.middlewareStack.identify().filter((name) => name.startsWith('loggerMiddleware'))).toEqual([]);
    expect(client.middlewareStack.identify().length).toBeGreaterThan(5);
  });

  it('keeps the config it is given', async () => {
    const client = sdkClient(DynamoDBClient, { region: 'eu-west-3', maxAttempts: 7 });
    expect(await client.config.region()).toBe('eu-west-3');
    expect(await client.config.maxAttempts()).toBe(7);
  });
});
