/**
 * Word lists for synthetic case files. Every borough, operation and phrase is
 * invented: the generator must never produce anything that reads as a real
 * case, place or person.
 */
export const BOROUGHS = [
  'Northmere', 'Ashcombe Vale', 'Kelderby', 'Wrenfield', 'Harrowgate East', 'Lowmarsh', 'Brindle Cross',
  'Fennick', 'Oakhollow', 'Stanmere', 'Cradley Wold', 'Thornbury Rise',
] as const;

export const OFFENCES = [
  'Sexual activity with a child',
  'Causing or inciting a child to engage in sexual activity',
  'Arranging or facilitating a child sex offence',
  'Meeting a child following sexual grooming',
  'Sexual communication with a child',
  'Trafficking for sexual exploitation',
  'Paying for the sexual services of a child',
  'Possession of indecent images of children',
  'Rape of a child under 13',
  'Controlling a child in relation to sexual exploitation',
] as const;

export const ORIGINAL_OUTCOMES = [
  'No further action: evidential difficulties',
  'No further action: victim did not support',
  'Charged: convicted',
  'Charged: acquitted',
  'Caution',
  'Outcome not recorded',
  'Filed pending further information',
] as const;

export const DOCUMENT_TITLES = [
  'Initial crime report', 'Officer statement', 'Strategy meeting minutes', 'Safeguarding referral',
  'Missing person report', 'Interview summary', 'Supervisor review note', 'Intelligence log extract',
  'Care home incident log', 'School liaison note',
] as const;

export const SUMMARY_SENTENCES = [
  'The report was received from a residential care provider after the young person returned late on several occasions.',
  'Officers attended the address given and spoke with the occupant, who denied any knowledge of the child.',
  'A strategy discussion was held with children\'s services and the decision was recorded without a rationale.',
  'The young person was seen getting into vehicles driven by older males on at least three occasions.',
  'The investigating officer noted that the child appeared intoxicated when located by patrols.',
  'No forensic strategy was recorded and the telephone evidence was not examined.',
  'Intelligence linked the suspects to a second address used for gatherings of young people.',
  'The supervisor closed the investigation citing a lack of cooperation from the victim.',
  'A missing episode lasting two nights preceded the disclosure made to a teacher.',
  'The file records that the child was considered to be making lifestyle choices, language the review should examine.',
  'Safeguarding partners were not informed of the outcome of the investigation.',
  'A second report concerning the same suspects was received eight months later from a different borough.',
  'Messages on social media were referred to in the statement but were not preserved.',
  'The suspect was interviewed under caution and gave a prepared statement.',
  'The crime was initially recorded as a missing person incident and reclassified weeks later.',
  'Family members raised concerns with the school before the police were contacted.',
] as const;
