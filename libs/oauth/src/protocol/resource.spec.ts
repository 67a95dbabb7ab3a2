import { allowedResources, narrowResources, parseResources } from './resource';

describe('RFC 8707 resource indicators', () => {
  it('accepts repeated absolute URIs and collapses duplicates', () => {
    expect(parseResources(['https://mcp.example.com/mcp', 'https://api.example.com/', 'https://mcp.example.com/mcp'])).toEqual(['https://mcp.example.com/mcp', 'https://api.example.com/']);
    expect(parseResources(undefined)).toEqual([]);
  });

  it.each(['/relative', 'mcp.example.com', 'https://mcp.example.com/#frag', ''])('refuses %j with invalid_target', (value) => {
    expect(() => parseResources([value])).toThrow(expect.objectContaining({ code: 'invalid_target', status: 400 }));
  });

  it('refuses a resource outside the allow-list, and every resource when the list is empty', () => {
    expect(allowedResources(['https://a.example/'], ['https://a.example/'], 'c')).toEqual(['https://a.example/']);
    expect(() => allowedResources(['https://b.example/'], ['https://a.example/'], 'c')).toThrow(expect.objectContaining({ code: 'invalid_target' }));
    expect(() => allowedResources(['https://a.example/'], [], 'c')).toThrow(expect.objectContaining({ code: 'invalid_target' }));
  });

  it('narrows but never widens a grant’s resources', () => {
    expect(narrowResources([], ['https://a.example/', 'https://b.example/'])).toEqual(['https://a.example/', 'https://b.example/']);
    expect(narrowResources(['https://b.example/'], ['https://a.example/', 'https://b.example/'])).toEqual(['https://b.example/']);
    expect(() => narrowResources(['https://c.example/'], ['https://a.example/'])).toThrow(expect.objectContaining({ code: 'invalid_target' }));
  });
});
