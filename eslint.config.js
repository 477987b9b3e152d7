import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'dist/', 'dist.*/', 'bin/creditctl.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Destructuring away a key (`const { pk: _pk, ...rest } = item`) is how a field is dropped.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain is pure: no AWS, no Lambda runtime, no adapters (ARCHITECTURE.md, "Arrows point inward").
    files: ['functions/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@aws-sdk/*', 'aws-lambda', '@middy/*', '@aws-lambda-powertools/*', 'aws-cdk-lib', 'aws-cdk-lib/*'], message: 'functions/domain/ is pure TypeScript: no AWS imports.' },
          { group: ['**/adapters/**', '**/adapters'], message: 'functions/domain/ must not import adapters.' },
        ],
      }],
    },
  },
);
