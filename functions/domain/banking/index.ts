export { kindOfLine, statementLines, type LineKind, type StatementLine } from './lines';
export {
  assignCredit,
  bankEventId,
  bookedPaymentOf,
  decisionOfCredit,
  decisionOfReturn,
  effectsOf,
  type AssignableItem,
  type BankPayment,
  type AssignmentOutcome,
  type BookedLine,
  type DecidedBy,
  type Decision,
  type DecisionEffects,
  type LineAllocation,
} from './booking';
