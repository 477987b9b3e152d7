/**
 * What every AWS SDK v3 client of the project is built with, in AWS and on this machine: build one
 * with `new DynamoDBClient({ ...SDK_CLIENT_DEFAULTS, ... })`, never without.
 *
 * `cacheMiddleware`: the client resolves its middleware stack once per command class instead of on
 * every `send` (31% of the CPU of a local simulation went to the SDK's client machinery, much of it
 * that rebuild). The price: middleware added to a client after its first `send` of a command is
 * silently left out of that command's calls, so a test that injects a fault adds its middleware to a
 * client of its own before that client sends anything. The DynamoDB document client refuses the
 * option (its cached handler would keep its first command's input), so the ledger marshals with
 * `@aws-sdk/util-dynamodb` itself (`functions/adapters/ledger/table.ts`).
 */
export const SDK_CLIENT_DEFAULTS = { cacheMiddleware: true } as const;
