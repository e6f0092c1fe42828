/** Genres of the synthetic film catalog. */
export const DEMO_FILM_GENRES = [
  'Action', 'Adventure', 'Animation', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy', 'Horror', 'Romance', 'Sci-Fi', 'Thriller',
] as const;

/** Genres of the synthetic music catalog. */
export const DEMO_MUSIC_GENRES = [
  'Rock', 'Pop', 'Hip-Hop', 'Electronic', 'Jazz', 'Classical', 'Metal', 'Folk', 'R&B', 'Country', 'Reggae', 'Indie',
] as const;

/** Word lists the synthetic titles and names are built from (invented combinations, no real catalog content). */
export const DEMO_WORDS = {
  adjectives: [
    'Silent', 'Crimson', 'Hidden', 'Broken', 'Golden', 'Frozen', 'Electric', 'Distant', 'Wild', 'Hollow', 'Burning', 'Quiet',
    'Restless', 'Paper', 'Velvet', 'Iron', 'Midnight', 'Lonely', 'Neon', 'Secret', 'Last', 'First', 'Endless', 'Bitter',
    'Gentle', 'Savage', 'Northern', 'Scarlet', 'Glass', 'Lucky',
  ],
  nouns: [
    'Harbor', 'Signal', 'Orchard', 'Lantern', 'Frontier', 'Mirror', 'Garden', 'Storm', 'Echo', 'River', 'Engine', 'Kingdom',
    'Shadow', 'Compass', 'Meadow', 'Circuit', 'Voyage', 'Summit', 'Canyon', 'Tide', 'Ember', 'Falcon', 'Atlas', 'Parade',
    'Horizon', 'Citadel', 'Carnival', 'Reef', 'Beacon', 'Archive',
  ],
  verbs: ['Chasing', 'Holding', 'Finding', 'Leaving', 'Dancing with', 'Waiting for', 'Running from', 'Calling', 'Dreaming of', 'Breaking'],
  firstNames: ['Nova', 'Milo', 'Ines', 'Arlo', 'Juno', 'Tariq', 'Wren', 'Kenji', 'Lior', 'Saoirse', 'Odile', 'Rafa', 'Yara', 'Bex', 'Anouk', 'Teo'],
  lastNames: ['Reyes', 'Lindqvist', 'Okafor', 'Marchetti', 'Haddad', 'Kowalski', 'Ferreira', 'Nakamura', 'Oyelaran', 'Duval', 'Brandt', 'Sato'],
  bandNouns: ['Lanterns', 'Foxes', 'Satellites', 'Orchids', 'Wolves', 'Pilots', 'Comets', 'Tides', 'Ghosts', 'Machines', 'Sparrows', 'Monarchs'],
} as const;
