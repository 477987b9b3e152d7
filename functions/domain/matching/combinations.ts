import { plainDecimal, type Decimal } from '../money';
import type { OpenItem } from './types';

const fractionDigitsOf = (plain: string): number => plain.split('.')[1]?.length ?? 0;

/**
 * The amount as an integer of 10^-scale units: the subset search adds thousands of sums per
 * entry, exactly, without a decimal object for each. Scale must be at least the amount's digits
 * after the point.
 * @example scaledInteger('12.5', 2) // 1250n
 */
const scaledInteger = (amount: Decimal, scale: number): bigint => {
  const [whole = '0', fraction = ''] = plainDecimal(amount).split('.');
  return BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
};

/**
 * Sets of two to `maxItems` invoices whose open amounts add up to exactly the amount: the
 * smallest sets found, at most `limit` of them, those of older invoices first (items come
 * oldest first). The last invoice of a set is looked up by the amount still missing, so the
 * search visits the subsets of one fewer: about 4,500 for 4 among 30.
 */
export function combinationsSumming(items: readonly OpenItem[], amount: Decimal, maxItems: number, limit: number): OpenItem[][] {
  const scale = Math.max(fractionDigitsOf(plainDecimal(amount)), ...items.map((item) => fractionDigitsOf(plainDecimal(item.openAmount))));
  const values = items.map((item) => scaledInteger(item.openAmount, scale));
  const positionsByValue = new Map<bigint, number[]>();
  values.forEach((value, position) => positionsByValue.set(value, [...(positionsByValue.get(value) ?? []), position]));
  const goal = scaledInteger(amount, scale);

  for (let size = 2; size <= maxItems; size += 1) {
    const found: number[][] = [];
    const extend = (chosen: number[], from: number, missing: bigint): void => {
      if (found.length >= limit || missing <= 0n) return;
      if (chosen.length === size - 1) {
        const last = positionsByValue.get(missing)?.find((position) => position >= from);
        if (last !== undefined) found.push([...chosen, last]);
        return;
      }
      for (let position = from; position < values.length && found.length < limit; position += 1) {
        extend([...chosen, position], position + 1, missing - (values[position] ?? 0n));
      }
    };
    extend([], 0, goal);
    if (found.length > 0) return found.map((positions) => positions.flatMap((position) => items[position] ?? []));
  }
  return [];
}
