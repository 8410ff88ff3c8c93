import fc from 'fast-check';
import { v5 } from 'uuid';
import { uuidV5 } from './name-based-uuid';

describe('uuidV5', () => {
  const namespaces = [
    '935d0e0a-483f-4f65-8a6a-3b7ea9df61dd',
    '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  ];

  it('gives the RFC 9562 example: www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('property: the same ids as the uuid package, for any name (unicode too)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.constantFrom(...namespaces), (name, ns) => {
        expect(uuidV5(name, ns)).toBe(v5(name, ns));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(TypeError);
  });
});
