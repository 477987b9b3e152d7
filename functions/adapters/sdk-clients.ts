/**
 * What every AWS SDK v3 client of the project is built with, in AWS and on this machine.
 *
 * `cacheMiddleware`: the client resolves its middleware stack once per command class instead of on
 * every `send` (31% of the CPU of a local simulation went to the SDK's client machinery, much of it
 * that rebuild). The price: middleware added to a client after its first `send` of a command is
 * silently left out of that command's calls, so a test that injects a fault adds its middleware to a
 * client of its own before that client sends anything. The DynamoDB document client refuses the
 * option (its cached handler would keep its first command's input), so the ledger marshals with
 * `@aws-sdk/util-dynamodb` itself (`functions/adapters/ledger/table.ts`).
 */
const SDK_CLIENT_DEFAULTS = { cacheMiddleware: true } as const;

type SdkClientClass = new (config: typeof SDK_CLIENT_DEFAULTS) => { readonly middlewareStack: { remove(toRemove: string): boolean } };

/**
 * An AWS SDK v3 client of the class, with the project's defaults over `config`: the one way the
 * project builds a client. It also leaves out the SDK's logger middleware, which, with no logger
 * configured, still walks every input and output for sensitive members to hide from a log nobody
 * writes (a tenth of the SDK's time on the ledger's attribute values).
 * @example sdkClient(DynamoDBClient, { endpoint: 'http://127.0.0.1:4567' })
 */
export const sdkClient = <Client extends SdkClientClass>(Class: Client, config: NonNullable<ConstructorParameters<Client>[0]>): InstanceType<Client> => {
  const client = new Class({ ...config, ...SDK_CLIENT_DEFAULTS }) as InstanceType<Client>;
  client.middlewareStack.remove('loggerMiddleware');
  return client;
};
