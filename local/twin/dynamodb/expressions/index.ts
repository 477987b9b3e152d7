import { validation } from '../errors';
import { acceptValue, type Value } from '../values';
import {
  conditionBindingError,
  conditionPaths,
  conditionRefs,
  conditionTextError,
  projectionError,
  resolvePath,
  updateBindingError,
  updateRefs,
  updateTextError,
  type Bindings,
  type PathElement,
} from './check';
import { parseCondition, parseProjection, parseUpdate } from './parser';
import { ExpressionSyntaxError, type Condition, type Path, type UpdateAction } from './syntax';

export type { Bindings, PathElement } from './check';
export { resolvePath } from './check';
export { isArithmetic, type Condition, type Operand, type Path, type SetValue, type UpdateAction } from './syntax';

/** The expression parameters a request may carry, by their API names. */
export type ExpressionParameter = 'UpdateExpression' | 'ConditionExpression' | 'KeyConditionExpression' | 'FilterExpression' | 'ProjectionExpression';

export interface ExpressionRequest {
  readonly UpdateExpression?: string;
  readonly ConditionExpression?: string;
  readonly KeyConditionExpression?: string;
  readonly FilterExpression?: string;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
  readonly ExpressionAttributeValues?: Readonly<Record<string, unknown>>;
}

/** A request's expressions, parsed, checked and bound to its names and values. */
export interface BoundExpressions {
  readonly bindings: Bindings;
  readonly update?: readonly UpdateAction[];
  readonly condition?: Condition;
  readonly keyCondition?: Condition;
  readonly filter?: Condition;
  /** The projection's paths, resolved. */
  readonly projection?: readonly (readonly PathElement[])[];
  /** The attributes at the head of the filter's paths: DynamoDB refuses key attributes there in a Query. */
  readonly filterHeads?: ReadonlySet<string>;
  /** Attributes the update, filter or projection reaches below their top level (`a.b`, `a[0]`): key attributes may not be. */
  readonly nestedHeads: ReadonlySet<string>;
}

type Parsed<T> = { readonly tree: T; readonly textError: string | null } | { readonly syntaxError: string };

/**
 * Parsed expressions by their text, with the checks that need only the text: the ledger sends a
 * few dozen distinct expressions, and parsing each call anew is what makes an emulator slow. The
 * oldest entry goes when the cache is full, so a caller that builds expressions freely cannot grow it without end.
 */
class ParseCache<T> {
  private readonly entries = new Map<string, Parsed<T>>();

  constructor(private readonly parse: (text: string) => { tree: T; textError: string | null }) {}

  get(text: string): Parsed<T> {
    let parsed = this.entries.get(text);
    if (!parsed) {
      try {
        parsed = this.parse(text);
      } catch (err) {
        if (!(err instanceof ExpressionSyntaxError)) throw err;
        parsed = { syntaxError: err.message };
      }
      if (this.entries.size >= 2000) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(text, parsed);
    }
    return parsed;
  }
}

const conditions = new ParseCache<Condition>((text) => {
  const { condition, notes } = parseCondition(text);
  return { tree: condition, textError: conditionTextError(condition, notes.redundantParens) };
});
const updates = new ParseCache<readonly UpdateAction[]>((text) => {
  const { actions, sections } = parseUpdate(text);
  return { tree: actions, textError: updateTextError(actions, sections) };
});
const projections = new ParseCache<readonly Path[]>((text) => ({ tree: parseProjection(text), textError: null }));

const NAME_KEY = /^#[0-9a-zA-Z_]+$/;
const VALUE_KEY = /^:[0-9a-zA-Z_]+$/;

function acceptNames(names: Readonly<Record<string, string>> | undefined): Record<string, string> {
  if (names === undefined) return {};
  const keys = Object.keys(names);
  if (keys.length === 0) throw validation('ExpressionAttributeNames must not be empty');
  const invalid = keys.find((key) => !NAME_KEY.test(key));
  if (invalid !== undefined) throw validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${invalid}"`);
  return { ...names };
}

function acceptValues(values: Readonly<Record<string, unknown>> | undefined): Record<string, Value> {
  if (values === undefined) return {};
  const keys = Object.keys(values);
  if (keys.length === 0) throw validation('ExpressionAttributeValues must not be empty');
  const invalid = keys.find((key) => !VALUE_KEY.test(key));
  if (invalid !== undefined) throw validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${invalid}"`);
  const accepted: Record<string, Value> = {};
  for (const key of keys) {
    try {
      accepted[key] = acceptValue(values[key]);
    } catch (err) {
      throw validation(`ExpressionAttributeValues contains invalid value: ${(err as Error).message} for key ${key}`);
    }
  }
  return accepted;
}

/**
 * Parses, checks and binds a request's expressions as DynamoDB does, in its order: names and
 * values, then each expression (update, condition, key condition, filter, projection), then any
 * name or value left unused. `allowed` are the expression parameters of the operation.
 */
export function bindExpressions(request: ExpressionRequest, allowed: readonly ExpressionParameter[]): BoundExpressions {
  const present = allowed.filter((parameter) => request[parameter] !== undefined);
  if (request.ExpressionAttributeNames !== undefined && present.length === 0) throw validation('ExpressionAttributeNames can only be specified when using expressions');
  const valued = allowed.filter((parameter) => parameter !== 'ProjectionExpression');
  if (valued.length > 0 && request.ExpressionAttributeValues !== undefined && valued.every((parameter) => request[parameter] === undefined)) {
    throw validation(`ExpressionAttributeValues can only be specified when using expressions: ${valued.join(' and ')} ${valued.length > 1 ? 'are' : 'is'} null`);
  }
  const bindings: Bindings = { names: acceptNames(request.ExpressionAttributeNames), values: acceptValues(request.ExpressionAttributeValues) };
  const usedNames = new Set<string>();
  const usedValues = new Set<string>();
  const nestedHeads = new Set<string>();
  const use = (refs: { names: string[]; values: string[] }) => {
    refs.names.forEach((name) => usedNames.add(name));
    refs.values.forEach((value) => usedValues.add(value));
  };
  const noteNested = (paths: readonly Path[]) => {
    for (const path of paths) if (path.segments.length > 1) nestedHeads.add(String(resolvePath(path, bindings.names)[0]));
  };

  const tree = <T>(parameter: ExpressionParameter, cache: ParseCache<T>): T | undefined => {
    const text = request[parameter];
    if (text === undefined) return undefined;
    if (text === '') throw validation(`Invalid ${parameter}: The expression can not be empty;`);
    const parsed = cache.get(text);
    if ('syntaxError' in parsed) throw validation(`Invalid ${parameter}: ${parsed.syntaxError}`);
    if (parsed.textError) throw validation(`Invalid ${parameter}: ${parsed.textError}`);
    return parsed.tree;
  };
  const condition = (parameter: ExpressionParameter): Condition | undefined => {
    const parsed = tree(parameter, conditions);
    if (!parsed) return undefined;
    const error = conditionBindingError(parsed, bindings);
    if (error) throw validation(`Invalid ${parameter}: ${error}`);
    use(conditionRefs(parsed));
    if (parameter === 'FilterExpression') noteNested(conditionPaths(parsed));
    return parsed;
  };

  const update = tree('UpdateExpression', updates);
  if (update) {
    const error = updateBindingError(update, bindings);
    if (error) throw validation(`Invalid UpdateExpression: ${error}`);
    use(updateRefs(update));
    noteNested(update.map((action) => action.path));
  }
  const conditionTree = condition('ConditionExpression');
  const keyCondition = condition('KeyConditionExpression');
  const filter = condition('FilterExpression');
  const projectionPaths = tree('ProjectionExpression', projections);
  let projection: PathElement[][] | undefined;
  if (projectionPaths) {
    const error = projectionError(projectionPaths, bindings);
    if (error) throw validation(`Invalid ProjectionExpression: ${error}`);
    projectionPaths.forEach((path) => path.segments.forEach((segment) => 'ref' in segment && usedNames.add(segment.ref)));
    noteNested(projectionPaths);
    projection = projectionPaths.map((path) => resolvePath(path, bindings.names));
  }

  const unusedNames = Object.keys(bindings.names).filter((name) => !usedNames.has(name));
  if (unusedNames.length > 0) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
  const unusedValues = Object.keys(bindings.values).filter((value) => !usedValues.has(value));
  if (unusedValues.length > 0) throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);

  return {
    bindings,
    nestedHeads,
    ...(update ? { update } : {}),
    ...(conditionTree ? { condition: conditionTree } : {}),
    ...(keyCondition ? { keyCondition } : {}),
    ...(filter ? { filter, filterHeads: new Set(conditionPaths(filter).map((path) => String(resolvePath(path, bindings.names)[0]))) } : {}),
    ...(projection ? { projection } : {}),
  };
}
