// Digital Bazaar's verifier, run by tests/lms/credentials/test_credential_node_verifier.py on what Karmayogi
// issues. Reads one JSON file (argv[2]):
//   {"contexts": {url: path}, "statusLists": {url: credential}, "credentials": [credential...],
//    "canonicalise": [JSON-LD document...]}
// and prints {"results": [{"verified", "errors"}...], "canonical": [n-quads or {"error"}...],
// "contextMismatches": [url...]}. Nothing is fetched: contexts come from the files named, did:key
// documents from the did:key driver, status lists from the input.
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';

import * as vc from '@digitalbazaar/vc';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as didContext from 'did-context';
import jsonld from 'jsonld';
import {isDeepStrictEqual} from 'node:util';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const contexts = Object.fromEntries(
  Object.entries(input.contexts).map(([url, path]) => [url, JSON.parse(readFileSync(path, 'utf8'))]));

// The published W3C contexts as npm ships them, to check the bundled copies against.
const published = new Map([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...didContext.contexts,
]);
const contextMismatches = Object.keys(contexts).filter(
  url => published.has(url) && !isDeepStrictEqual(published.get(url), contexts[url]));

const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if(url in contexts) {
    return {contextUrl: null, documentUrl: url, document: contexts[url]};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKeyDriver.get({url})};
  }
  throw new Error(`${url} is not available offline`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

async function checkStatus({credential}) {
  const entries = [].concat(credential.credentialStatus);
  for(const entry of entries) {
    const list = (input.statusLists || {})[entry.statusListCredential];
    if(!list) {
      return {verified: false, error: new Error(`status list ${entry.statusListCredential} not given`)};
    }
    const listResult = await vc.verifyCredential({credential: list, suite, documentLoader});
    if(!listResult.verified) {
      return {verified: false, error: new Error('status list credential does not verify')};
    }
    const encoded = list.credentialSubject.encodedList;
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    const index = Number(entry.statusListIndex);
    if(bits[index >> 3] & (0x80 >> (index & 7))) {
      return {verified: false, error: new Error(`credential is ${entry.statusPurpose}`)};
    }
  }
  return {verified: true};
}

function messages(error) {
  if(!error) {
    return [];
  }
  const nested = [].concat(error.errors || []).flatMap(messages);
  const details = error.details && error.details.event ? ` (${JSON.stringify(error.details.event.details)})` : "";
  return nested.length ? nested : [String(error.message || error) + details];
}

const results = [];
for(const credential of input.credentials || []) {
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const statusErrors = result.statusResult ? messages(result.statusResult.error) : [];
  results.push({verified: result.verified, errors: [...messages(result.error), ...statusErrors]});
}

const canonical = [];
for(const document of input.canonicalise || []) {
  try {
    canonical.push(await jsonld.canonize(document, {
      algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: false
    }));
  } catch(error) {
    canonical.push({error: messages(error).join('; ')});
  }
}

process.stdout.write(JSON.stringify({results, canonical, contextMismatches}));
