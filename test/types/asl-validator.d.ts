// asl-validator ships no types: the slice the tests use.
declare module 'asl-validator' {
  interface ValidationResult {
    isValid: boolean;
    errors: { 'Error code': string; Message: string }[];
  }
  export default function validator(definition: unknown): ValidationResult;
}
