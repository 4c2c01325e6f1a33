import { CertificateError } from '../errors';
import { algorithmTraits, type KeyFamily } from '../keys/key-algorithm';
import type { HierarchyDefinition } from './ca-hierarchy';

/**
 * Issue 14: a hierarchy holds and certifies keys of its own family only: the 国密 SM2 hierarchy SM2 keys, the 国际
 * one RSA and ECC keys (of any of its algorithms).
 */
export function holdsFamily(hierarchy: HierarchyDefinition, family: KeyFamily): boolean {
  return (family === 'sm2') === (algorithmTraits[hierarchy.algorithm].family === 'sm2');
}

/** A subscriber's key of the other family than the hierarchy's is refused with CSR_ALGORITHM_MISMATCH (issue 14 item 2). */
export function refuseOtherFamily(family: KeyFamily, hierarchy: HierarchyDefinition): void {
  if (holdsFamily(hierarchy, family)) return;
  throw new CertificateError('CSR_ALGORITHM_MISMATCH', {
    hierarchy: hierarchy.name,
    expected: algorithmTraits[hierarchy.algorithm].family === 'sm2' ? 'SM2' : 'RSA/ECC',
  });
}
