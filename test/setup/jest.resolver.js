// music-metadata >= 11 and file-type >= 21 export only "import" / "module-sync" under "node".
const IMPORT_ONLY = /^(music-metadata|file-type|strtok3|token-types)(\/|$)/;

module.exports = (request, options) =>
  options.defaultResolver(
    request,
    IMPORT_ONLY.test(request) ? { ...options, conditions: ['import', 'node', 'default'] } : options,
  );
