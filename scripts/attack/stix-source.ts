// A STIX 2.1 bundle as MITRE publishes Enterprise ATT&CK (mitre/cti enterprise-attack.json):
// x-mitre-tactic and attack-pattern objects, kill-chain phases for tactic links, revoked-by
// relationships for replacements, the x-mitre-collection for the release.
import { expectArray, expectRecord, expectString, type AttackSource, type SourceTactic, type SourceTechnique } from './attack-source.js';

type StixObject = Record<string, unknown>;

/** The object's ATT&CK id (`TA0006`, `T1003.002`): its mitre-attack external reference. */
function attackId(object: StixObject): string | undefined {
  const references = Array.isArray(object.external_references) ? (object.external_references as StixObject[]) : [];
  const reference = references.find((r) => r?.source_name === 'mitre-attack');
  return typeof reference?.external_id === 'string' ? reference.external_id : undefined;
}

const isCurrent = (object: StixObject): boolean => object.revoked !== true && object.x_mitre_deprecated !== true;

export function readStixBundle(bundle: Record<string, unknown>): AttackSource {
  const objects = expectArray(bundle.objects, 'objects').map((object, i) => expectRecord(object, `objects[${i}]`));
  const ofType = (type: string) => objects.filter((object) => object.type === type);

  const tactics = ofType('x-mitre-tactic')
    .filter(isCurrent)
    .map((object): SourceTactic => ({
      id: expectString(attackId(object), `x-mitre-tactic ${String(object.id)} external id`),
      name: expectString(object.name, `x-mitre-tactic ${String(object.id)} name`),
      shortname: expectString(object.x_mitre_shortname, `x-mitre-tactic ${String(object.id)} x_mitre_shortname`),
    }));

  const patterns = ofType('attack-pattern').filter((object) => attackId(object) !== undefined);
  const idsByStixId = new Map(patterns.map((object) => [object.id, attackId(object)!]));
  const replacements = new Map<string, string>();
  for (const relationship of ofType('relationship')) {
    if (relationship.relationship_type !== 'revoked-by') continue;
    const from = idsByStixId.get(relationship.source_ref);
    const to = idsByStixId.get(relationship.target_ref);
    if (from !== undefined && to !== undefined) replacements.set(from, to);
  }

  // An id can be carried by an old revoked object and its current successor: keep the current one.
  const byId = new Map<string, SourceTechnique>();
  for (const object of patterns) {
    const id = attackId(object)!;
    const phases = Array.isArray(object.kill_chain_phases) ? (object.kill_chain_phases as StixObject[]) : [];
    const technique: SourceTechnique = {
      id,
      name: expectString(object.name, `attack-pattern ${id} name`),
      tactics: phases.filter((p) => p?.kill_chain_name === 'mitre-attack').map((p) => expectString(p.phase_name, `attack-pattern ${id} phase_name`)),
      deprecated: object.x_mitre_deprecated === true,
      revoked: object.revoked === true,
      ...(replacements.has(id) ? { replacedBy: replacements.get(id)! } : {}),
    };
    const earlier = byId.get(id);
    if (!earlier || (earlier.revoked || earlier.deprecated) && isCurrent(object)) byId.set(id, technique);
  }

  const collection = ofType('x-mitre-collection')[0];
  return {
    name: typeof collection?.name === 'string' ? `${collection.name} (STIX bundle)` : 'Enterprise ATT&CK (STIX bundle)',
    ...(typeof collection?.x_mitre_version === 'string' ? { version: collection.x_mitre_version } : {}),
    tactics,
    techniques: [...byId.values()],
  };
}
