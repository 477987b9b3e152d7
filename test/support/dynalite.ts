import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { LOCAL_AWS } from '../../local/emulators';

export interface RunningDynalite {
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

/** dynalite in memory on a loopback port, and a plain SDK client against it: the reference the DynamoDB twin is compared with. */
export async function startDynalite(): Promise<RunningDynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  return {
    client,
    stop: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Waits for a table to be ACTIVE: dynalite makes it so on its next tick. */
export async function untilActive(client: DynamoDBClient, table: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table })).catch(() => ({ Table: undefined }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`table ${table} did not become active within 400 polls`);
}
