//! Styles. Only the 16 basic terminal colours are used, so the person's own terminal palette
//! (often chosen for contrast) decides how they look; with colour off, meaning is carried by
//! words and by bold, underline and reverse alone. Two sets: for a dark background (the
//! default) and for a light one, each checked for contrast on its background by one test.

use ratatui::style::{Color, Modifier, Style};

use super::screens::Tone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// Colours for a light background (`theme = "light"`).
    pub light: bool,
}

impl Theme {
    /// The colour for each kind of text, for the background the theme is for.
    fn colour(self, what: Colour) -> Option<Color> {
        if !self.color {
            return None;
        }
        Some(match (what, self.light) {
            (Colour::Dim, false) => Color::Gray,
            // Grey on white is faint in every palette: dim text keeps the terminal's colour.
            (Colour::Dim, true) => return None,
            (Colour::Good, false) => Color::Green,
            (Colour::Good, true) => Color::Blue,
            (Colour::Warn, false) => Color::Yellow,
            (Colour::Warn, true) => Color::Magenta,
            (Colour::Bad, false) => Color::LightRed,
            (Colour::Bad, true) => Color::Red,
            (Colour::Bar, false) | (Colour::Title, false) => Color::Cyan,
            (Colour::Bar, true) | (Colour::Title, true) => Color::Blue,
            (Colour::Key, false) => Color::Yellow,
            (Colour::Key, true) => Color::Magenta,
        })
    }

    fn with(self, s: Style, what: Colour) -> Style {
        match self.colour(what) {
            Some(c) => s.fg(c),
            None => s,
        }
    }

    pub fn tone(self, tone: Tone) -> Style {
        let s = Style::default();
        let bold = s.add_modifier(Modifier::BOLD);
        match tone {
            Tone::Plain => s,
            Tone::Heading => bold,
            Tone::Dim => self.with(s, Colour::Dim),
            Tone::Good => self.with(s, Colour::Good),
            Tone::Warn => self.with(bold, Colour::Warn),
            Tone::Bad => self.with(bold, Colour::Bad),
            Tone::Bar => self.with(s, Colour::Bar),
        }
    }

    /// The focused row or field: reversed, so it shows without colour, plus a marker in text.
    pub fn focus(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn title(self) -> Style {
        self.with(Style::default().add_modifier(Modifier::BOLD), Colour::Title)
    }

    pub fn key(self) -> Style {
        self.with(Style::default().add_modifier(Modifier::BOLD), Colour::Key)
    }

    pub fn error(self) -> Style {
        self.tone(Tone::Bad)
    }
}

#[derive(Debug, Clone, Copy)]
enum Colour {
    Dim,
    Good,
    Warn,
    Bad,
    Bar,
    Title,
    Key,
}

/// sRGB values of the basic colours as the common default palettes (xterm, VGA) draw them,
/// for checking contrast.
pub fn rgb(c: Color) -> (u8, u8, u8) {
    match c {
        Color::Black => (0, 0, 0),
        Color::Red => (205, 0, 0),
        Color::Green => (0, 205, 0),
        Color::Yellow => (205, 205, 0),
        Color::Blue => (0, 0, 238),
        Color::Magenta => (205, 0, 205),
        Color::Cyan => (0, 205, 205),
        Color::Gray => (229, 229, 229),
        Color::DarkGray => (127, 127, 127),
        Color::LightRed => (255, 0, 0),
        Color::LightGreen => (0, 255, 0),
        Color::LightYellow => (255, 255, 0),
        Color::LightBlue => (92, 92, 255),
        Color::LightMagenta => (255, 0, 255),
        Color::LightCyan => (0, 255, 255),
        Color::White => (255, 255, 255),
        Color::Rgb(r, g, b) => (r, g, b),
        _ => (229, 229, 229),
    }
}

/// WCAG 2 contrast ratio between two colours.
pub fn contrast(a: Color, b: Color) -> f64 {
    fn lum(c: Color) -> f64 {
        let (r, g, b) = rgb(c);
        let ch = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    }
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every foreground each theme uses, on the background it is for (black for the dark
    /// one, white for the light one), meets WCAG AA for text (4.5:1) in the standard
    /// palette. Focus is shown by reversing, which swaps the pair. Text with no colour of
    /// its own is the terminal's foreground: light grey on black, black on white.
    #[test]
    fn every_colour_used_meets_wcag_contrast_on_its_background() {
        for (light, background, foreground) in [
            (false, Color::Black, Color::Gray),
            (true, Color::White, Color::Black),
        ] {
            every_colour_meets_contrast(Theme { color: true, light }, background, foreground);
        }
        assert!((contrast(Color::White, Color::Black) - 21.0).abs() < 0.01);
        // The dark colours on white fail, which is why the light theme exists: yellow is
        // 1.70:1 there (worked out: (1.05) / (0.2126*0.6105 + 0.7152*0.6105 + 0.05)).
        assert!((contrast(Color::Yellow, Color::White) - 1.70).abs() < 0.01);
    }

    fn every_colour_meets_contrast(theme: Theme, background: Color, foreground: Color) {
        let tones = [
            Tone::Plain,
            Tone::Heading,
            Tone::Dim,
            Tone::Good,
            Tone::Warn,
            Tone::Bad,
            Tone::Bar,
        ];
        let mut styles: Vec<Style> = tones.iter().map(|t| theme.tone(*t)).collect();
        styles.extend([theme.title(), theme.key(), theme.error(), theme.focus()]);
        for s in styles {
            let fg = s.fg.unwrap_or(foreground);
            let ratio = contrast(fg, background);
            assert!(
                ratio >= 4.5,
                "{fg:?} on {background:?} is only {ratio:.2}:1 ({theme:?})"
            );
        }
    }

    #[test]
    fn without_colour_no_style_sets_a_colour() {
        for light in [false, true] {
            without_colour(Theme {
                color: false,
                light,
            });
        }
    }

    fn without_colour(theme: Theme) {
        for t in [
            Tone::Heading,
            Tone::Dim,
            Tone::Good,
            Tone::Warn,
            Tone::Bad,
            Tone::Bar,
        ] {
            let s = theme.tone(t);
            assert_eq!((s.fg, s.bg), (None, None), "{t:?}");
        }
        assert_eq!(theme.title().fg, None);
        assert_eq!(theme.key().fg, None);
    }
}
