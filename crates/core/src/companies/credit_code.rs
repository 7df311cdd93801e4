//! 统一社会信用代码 (GB 32100-2015): 18 characters with a mod-31 check character.

use crate::error::{Error, Result};

const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Normalizes (trim, upper-case, full-width to half-width) and validates a credit code.
pub fn normalize(input: &str) -> Result<String> {
    let code: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect::<String>()
        .to_ascii_uppercase();
    let field = "credit_code";
    if code.chars().count() != 18 {
        return Err(Error::invalid(
            field,
            format!(
                "统一社会信用代码应为18位，“{}”为{}位。",
                input.trim(),
                code.chars().count()
            ),
        ));
    }
    let mut sum = 0u32;
    for (i, c) in code.bytes().enumerate() {
        let Some(v) = CHARSET.iter().position(|&x| x == c) else {
            return Err(Error::invalid(
                field,
                format!(
                    "统一社会信用代码含有无效字符“{}”（不使用 I、O、Z、S、V）。",
                    c as char
                ),
            ));
        };
        if i < 17 {
            sum += v as u32 * WEIGHTS[i];
        } else {
            let expected = (31 - sum % 31) % 31;
            if v as u32 != expected {
                return Err(Error::invalid(
                    field,
                    format!("统一社会信用代码“{code}”校验位不正确，请核对。"),
                ));
            }
        }
    }
    Ok(code)
}

/// Completes the first 17 characters with their check character (demo data, tests).
pub fn with_check_char(first17: &str) -> String {
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| CHARSET.iter().position(|&x| x == c).expect("charset") as u32 * w)
        .sum();
    let check = CHARSET[((31 - sum % 31) % 31) as usize] as char;
    format!("{first17}{check}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes_and_normalizes_width_and_case() {
        // A published example code.
        assert_eq!(
            normalize("91350100M000100Y43").unwrap(),
            "91350100M000100Y43"
        );
        assert_eq!(
            normalize(" ９1350100m000100y43 ").unwrap(),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn rejects_bad_check_length_and_charset() {
        assert!(normalize("91350100M000100Y44")
            .unwrap_err()
            .to_string()
            .contains("校验位"));
        assert!(normalize("9135").unwrap_err().to_string().contains("18位"));
        assert!(normalize("91350100M000100YI3")
            .unwrap_err()
            .to_string()
            .contains("无效字符"));
    }

    #[test]
    fn check_char_round_trips() {
        let code = with_check_char("91130281MA0DEMX01");
        assert_eq!(normalize(&code).unwrap(), code);
    }
}
