import baseConfig from '../../eslint.config.mjs';

export default [...baseConfig, { files: ['**/*.tsx'], rules: { 'no-console': 'error' } }];
