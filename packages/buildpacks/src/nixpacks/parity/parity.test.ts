import { describe, expect, it } from 'vitest';
import { agreementTable, compareExample, formatAgreement, PARITY_EXAMPLES } from './agreement.js';

describe('agreement with Nixpacks on its example apps', () => {
  it('plans at least 90% of the node, python, go and static examples as Nixpacks does', async () => {
    const results = await Promise.all(PARITY_EXAMPLES.filter((e) => e.family !== 'other').map(compareExample));
    console.log(formatAgreement(results));
    for (const row of agreementTable(results)) {
      expect({ family: row.family, share: row.agree / row.examples >= 0.9 }).toEqual({ family: row.family, share: true });
    }
  });

  it('refuses every other-language example, naming what it recognised', async () => {
    for (const example of PARITY_EXAMPLES.filter((e) => e.family === 'other')) {
      const result = await compareExample(example);
      expect({ name: example.name, ours: result.ours }).toEqual({
        name: example.name,
        ours: { refused: expect.stringContaining(`no provider for ${example.recognised}`) },
      });
    }
  });
});
