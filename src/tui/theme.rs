//! Styles. Only the 16 basic terminal colours are used, so the person's own terminal palette
//! (often chosen for contrast) decides how they look; with colour off, meaning is carried by
//! words and by bold, underline and reverse alone.

use ratatui::style::{Color, Modifier, Style};

use super::screens::Tone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn tone(self, tone: Tone) -> Style {
        let s = Style::default();
        match (tone, self.color) {
            (Tone::Plain, _) => s,
            (Tone::Heading, _) => s.add_modifier(Modifier::BOLD),
            (Tone::Dim, true) => s.fg(Color::Gray),
            (Tone::Dim, false) => s,
            (Tone::Good, true) => s.fg(Color::Green),
            (Tone::Warn, true) => s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            (Tone::Bad, true) => s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            (Tone::Bar, true) => s.fg(Color::Cyan),
            (Tone::Good | Tone::Bar, false) => s,
            (Tone::Warn | Tone::Bad, false) => s.add_modifier(Modifier::BOLD),
        }
    }

    /// The focused row or field: reversed, so it shows without colour, plus a marker in text.
    pub fn focus(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn title(self) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if self.color { s.fg(Color::Cyan) } else { s }
    }

    pub fn key(self) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if self.color { s.fg(Color::Yellow) } else { s }
    }

    pub fn error(self) -> Style {
        self.tone(Tone::Bad)
    }
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

    /// Every foreground the theme uses, on the dark background most terminals start with,
    /// meets WCAG AA for text (4.5:1). Focus is shown by reversing, which swaps the pair.
    #[test]
    fn every_colour_used_meets_wcag_contrast_on_a_dark_background() {
        let theme = Theme { color: true };
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
            let fg = s.fg.unwrap_or(Color::Gray);
            let ratio = contrast(fg, Color::Black);
            assert!(ratio >= 4.5, "{fg:?} on black is only {ratio:.2}:1");
        }
        assert!((contrast(Color::White, Color::Black) - 21.0).abs() < 0.01);
    }

    #[test]
    fn without_colour_no_style_sets_a_colour() {
        let theme = Theme { color: false };
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
