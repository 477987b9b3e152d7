import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWorkerCount, MIN_INVOICES_PER_WORKER, partitionByCustomer } from '../../../../local/simulate/workers';

const invoicesOf = (customers: readonly string[]) => customers.map((customer) => ({ customer }));

describe('partitionByCustomer', () => {
  it('puts a customer with many invoices alone and the others together, so the parts are even', () =>
    expect(partitionByCustomer(invoicesOf(['B', 'A', 'A', 'C', 'A', 'D']), 2)).toEqual([[1, 2, 4], [0, 3, 5]]));

  it('makes no more parts than there are customers', () => {
    expect(partitionByCustomer(invoicesOf(['A', 'A', 'A']), 4)).toEqual([[0, 1, 2]]);
    expect(partitionByCustomer([], 2)).toEqual([]);
  });

  it("takes every invoice once, keeps each customer's invoices in one part and leaves no part empty", () =>
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G'), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (customers, workers) => {
        const parts = partitionByCustomer(invoicesOf(customers), workers);
        const partsOf = new Map<string, Set<number>>();
        parts.forEach((part, at) => part.forEach((index) => partsOf.set(customers[index]!, (partsOf.get(customers[index]!) ?? new Set()).add(at))));
        expect([...partsOf.values()].every((inParts) => inParts.size === 1)).toBe(true);
        expect(parts.flat().sort((a, b) => a - b)).toEqual(customers.map((_, index) => index));
        expect(parts.length).toBe(Math.min(workers, new Set(customers).size));
        expect(parts.every((part) => part.length > 0)).toBe(true);
      }),
    ));
});

describe('defaultWorkerCount', () => {
  it('gives each worker process at least MIN_INVOICES_PER_WORKER invoices, and no more processes than cores', () => {
    expect(MIN_INVOICES_PER_WORKER).toBe(100);
    expect(defaultWorkerCount(0, 2)).toBe(1);
    expect(defaultWorkerCount(199, 2)).toBe(1);
    expect(defaultWorkerCount(200, 2)).toBe(2);
    expect(defaultWorkerCount(10_000, 2)).toBe(2);
    expect(defaultWorkerCount(10_000, 1)).toBe(1);
  });
});
