/**
 * `creditctl simulate`'s output with every SES message id the same: the SES twin draws them at
 * random and from the time, as SES does, so two runs of one scenario differ there and nowhere else.
 */
export const withoutMessageIds = (ndjson: string): string => ndjson.replaceAll(/"messageId":"[^"]*"/g, '"messageId":"?"');
